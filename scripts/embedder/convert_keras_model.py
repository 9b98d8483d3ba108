#!/usr/bin/python3
"""Converts a Keras functional model saved by the tfjs converter (model.json + the weight bytes) into
TorchScript: `forward(x)` gives the output of the layer named by --features and `classify(x)` that of
--classify, x being N x C x H x W float32 (channels first, already preprocessed).

The network is rebuilt from the Keras layer list by a small interpreter of the layer kinds MobileNet-
style models use (InputLayer, ZeroPadding2D, Conv2D, DepthwiseConv2D, BatchNormalization, ReLU,
Activation, Add, AveragePooling2D, MaxPooling2D, GlobalAveragePooling2D, Flatten, Dense, Dropout); any
other kind or option stops the conversion with its name. The interpreter runs once under
torch.jit.trace_module, so the archive holds a plain graph of torch ops.

Weights: quantised ones are dequantised as tfjs does (value = q * scale + min, in double, stored as
float32). Keras keeps channels last: kernels are transposed to torch's layouts. A BatchNormalization
whose input is a convolution used by nothing else is folded into that convolution (in double), unless
--keep-bn.

usage: convert_keras_model.py MODEL_JSON WEIGHTS_BIN OUT.pt [--features flatten_1] [--classify dense_3]
"""
import argparse
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

QUANT_DTYPES = {"uint8": np.uint8, "uint16": np.uint16}
PLAIN_DTYPES = {"float32": np.float32, "int32": np.int32}


def load_weights(manifest, data):
    """{weight name: float32/int32 array in Keras layout} from a tfjs weightsManifest and its bytes."""
    weights, offset = {}, 0
    for group in manifest:
        for spec in group["weights"]:
            count = math.prod(spec["shape"])
            q = spec.get("quantization")
            if q:
                if q["dtype"] not in QUANT_DTYPES or spec["dtype"] != "float32":
                    raise NotImplementedError(f"weight {spec['name']}: quantisation {q['dtype']} to {spec['dtype']}")
                raw = np.frombuffer(data, QUANT_DTYPES[q["dtype"]], count, offset)
                value = (raw.astype(np.float64) * q["scale"] + q["min"]).astype(np.float32)
            else:
                raw = np.frombuffer(data, PLAIN_DTYPES[spec["dtype"]], count, offset)
                value = raw.copy()
            offset += raw.nbytes
            weights[spec["name"]] = value.reshape(spec["shape"])
    if offset != len(data):
        raise ValueError(f"the manifest describes {offset} bytes of weights, the file holds {len(data)}")
    return weights


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def same_pads(size, k, stride, dilation):
    """TensorFlow's 'same' padding of one axis: (before, after); the odd pixel goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + (k - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


def activation_fn(name, layer):
    fns = {"linear": None, "relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
           "softmax": lambda x: torch.softmax(x, dim=1)}
    if name not in fns:
        raise NotImplementedError(f"layer {layer}: activation {name!r}")
    return fns[name]


class Op:
    """One Keras layer as torch work: fn(module, inputs) -> tensor, with its static output shape."""

    def __init__(self, name, inputs, fn, shape):
        self.name, self.inputs, self.fn, self.shape = name, inputs, fn, shape


class KerasGraph(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.convs = torch.nn.ModuleDict()
        self.ops = {}          # layer name -> Op, in Keras (topological) order
        self.input_name = None
        self.targets = {}      # method -> layer name

    def run(self, x, target):
        needed, stack = set(), [target]
        while stack:
            n = stack.pop()
            if n not in needed:
                needed.add(n)
                stack.extend(self.ops[n].inputs)
        values = {self.input_name: x}
        for name, op in self.ops.items():
            if name in needed and name != self.input_name:
                values[name] = op.fn(self, [values[i] for i in op.inputs])
        return values[target]

    def forward(self, x):
        return self.run(x, self.targets["forward"])

    def classify(self, x):
        return self.run(x, self.targets["classify"])


def key(name):
    return name.replace(".", "_").replace("/", "_")


def conv_op(graph, layer, cfg, inp, shape, w, depthwise):
    c, h, wd = shape
    k, s, d = pair(cfg["kernel_size"]), pair(cfg["strides"]), pair(cfg["dilation_rate"])
    if cfg.get("data_format", "channels_last") != "channels_last":
        raise NotImplementedError(f"layer {layer}: data_format {cfg['data_format']}")
    if depthwise:
        kern = w[f"{layer}/depthwise_kernel"]                 # kh kw in mult
        mult = cfg["depth_multiplier"]
        out_c, groups = c * mult, c
        kern = kern.reshape(k[0], k[1], 1, out_c).transpose(3, 2, 0, 1)   # out = in*mult + m
    else:
        kern = w[f"{layer}/kernel"].transpose(3, 2, 0, 1)     # kh kw in out -> out in kh kw
        out_c, groups = cfg["filters"], 1
    bias = w[f"{layer}/bias"] if cfg["use_bias"] else None
    if cfg["padding"] == "same":
        (pt, pb), (pl, pr) = same_pads(h, k[0], s[0], d[0]), same_pads(wd, k[1], s[1], d[1])
    elif cfg["padding"] == "valid":
        pt = pb = pl = pr = 0
    else:
        raise NotImplementedError(f"layer {layer}: padding {cfg['padding']}")
    symmetric = pt == pb and pl == pr
    conv = torch.nn.Conv2d(c, out_c, k, s, (pt, pl) if symmetric else 0, d, groups, bias=True)
    conv.weight.data = torch.from_numpy(np.ascontiguousarray(kern, np.float64))
    conv.bias.data = torch.from_numpy(bias.astype(np.float64)) if bias is not None else torch.zeros(out_c, dtype=torch.float64)
    graph.convs[key(layer)] = conv
    act = activation_fn(cfg.get("activation", "linear"), layer)
    pads = None if symmetric else (pl, pr, pt, pb)

    def fn(g, xs, m=key(layer)):
        x = xs[0] if pads is None else F.pad(xs[0], pads)
        x = g.convs[m](x)
        return x if act is None else act(x)
    oh = (h + pt + pb - (k[0] - 1) * d[0] - 1) // s[0] + 1
    ow = (wd + pl + pr - (k[1] - 1) * d[1] - 1) // s[1] + 1
    return Op(layer, [inp], fn, (out_c, oh, ow)), act is None


def bn_params(layer, cfg, w, channels):
    if cfg.get("axis", -1) not in (-1, 3, [3], [-1]):
        raise NotImplementedError(f"layer {layer}: BatchNormalization axis {cfg['axis']}")
    gamma = w[f"{layer}/gamma"].astype(np.float64) if cfg.get("scale", True) else np.ones(channels)
    beta = w[f"{layer}/beta"].astype(np.float64) if cfg.get("center", True) else np.zeros(channels)
    mul = gamma / np.sqrt(w[f"{layer}/moving_variance"].astype(np.float64) + cfg["epsilon"])
    return mul, beta - w[f"{layer}/moving_mean"].astype(np.float64) * mul


def build(topology, weights, features, classify, keep_bn=False):
    mc = topology["model_config"]
    if mc["class_name"] != "Model":
        raise NotImplementedError(f"model class {mc['class_name']} (only functional models)")
    layers = mc["config"]["layers"]
    kinds, consumers = {l["name"]: l["class_name"] for l in layers}, {}
    for layer in layers:
        for node in layer["inbound_nodes"]:
            for src in node:
                consumers.setdefault(src[0], []).append(layer["name"])
    g = KerasGraph()
    foldable = set()   # convolutions with a linear activation, used only by one BatchNormalization
    for layer in layers:
        name, kind, cfg = layer["name"], layer["class_name"], layer["config"]
        if len(layer["inbound_nodes"]) > 1:
            raise NotImplementedError(f"layer {name}: shared layers")
        inputs = [src[0] for src in layer["inbound_nodes"][0]] if layer["inbound_nodes"] else []
        shapes = [g.ops[i].shape for i in inputs]
        if kind == "InputLayer":
            _, h, wd, c = cfg["batch_input_shape"]
            g.input_name = name
            g.ops[name] = Op(name, [], None, (c, h, wd))
        elif kind in ("Conv2D", "DepthwiseConv2D"):
            op, linear = conv_op(g, name, cfg, inputs[0], shapes[0], weights, kind == "DepthwiseConv2D")
            g.ops[name] = op
            nxt = consumers.get(name, [])
            if linear and not keep_bn and name not in (features, classify) and len(nxt) == 1 \
                    and kinds[nxt[0]] == "BatchNormalization":
                foldable.add(name)
        elif kind == "BatchNormalization":
            mul, add = bn_params(name, cfg, weights, shapes[0][0])
            if inputs[0] in foldable:   # y = conv(x)*mul + add: scale the kernel and bias
                conv = g.convs[key(inputs[0])]
                conv.weight.data *= torch.from_numpy(mul).view(-1, 1, 1, 1)
                conv.bias.data = conv.bias.data * torch.from_numpy(mul) + torch.from_numpy(add)
                g.ops[name] = Op(name, inputs, lambda g_, xs: xs[0], shapes[0])
            else:
                m, a = torch.from_numpy(mul).float().view(1, -1, 1, 1), torch.from_numpy(add).float().view(1, -1, 1, 1)
                g.register_buffer(f"bn_{key(name)}_mul", m)
                g.register_buffer(f"bn_{key(name)}_add", a)
                g.ops[name] = Op(name, inputs, lambda g_, xs, k=key(name): xs[0] * getattr(g_, f"bn_{k}_mul")
                                 + getattr(g_, f"bn_{k}_add"), shapes[0])
        elif kind == "ZeroPadding2D":
            p = cfg["padding"]
            (pt, pb), (pl, pr) = ((p, p), (p, p)) if isinstance(p, int) else [pair(v) for v in p]
            c, h, wd = shapes[0]
            g.ops[name] = Op(name, inputs, lambda g_, xs, pads=(pl, pr, pt, pb): F.pad(xs[0], pads),
                             (c, h + pt + pb, wd + pl + pr))
        elif kind == "ReLU":
            if cfg.get("negative_slope", 0) != 0 or cfg.get("threshold", 0) != 0:
                raise NotImplementedError(f"layer {name}: ReLU with negative_slope/threshold")
            top = cfg.get("max_value")
            fn = (lambda g_, xs: torch.relu(xs[0])) if top is None else \
                (lambda g_, xs, t=float(top): torch.clamp(xs[0], 0.0, t))
            g.ops[name] = Op(name, inputs, fn, shapes[0])
        elif kind == "Activation":
            act = activation_fn(cfg["activation"], name)
            g.ops[name] = Op(name, inputs, (lambda g_, xs: xs[0]) if act is None else
                             (lambda g_, xs, act=act: act(xs[0])), shapes[0])
        elif kind == "Add":
            def add_all(g_, xs):
                out = xs[0]
                for x in xs[1:]:
                    out = out + x
                return out
            g.ops[name] = Op(name, inputs, add_all, shapes[0])
        elif kind in ("AveragePooling2D", "MaxPooling2D"):
            if cfg["padding"] != "valid":
                raise NotImplementedError(f"layer {name}: pooling padding {cfg['padding']}")
            k, s = pair(cfg["pool_size"]), pair(cfg["strides"] or cfg["pool_size"])
            pool = F.avg_pool2d if kind == "AveragePooling2D" else F.max_pool2d
            c, h, wd = shapes[0]
            g.ops[name] = Op(name, inputs, lambda g_, xs, pool=pool, k=k, s=s: pool(xs[0], k, s),
                             (c, (h - k[0]) // s[0] + 1, (wd - k[1]) // s[1] + 1))
        elif kind == "GlobalAveragePooling2D":
            g.ops[name] = Op(name, inputs, lambda g_, xs: xs[0].mean(dim=(2, 3)), (shapes[0][0],))
        elif kind == "Flatten":
            # Keras flattens channels last: H, W, C order.
            g.ops[name] = Op(name, inputs, lambda g_, xs: xs[0].permute(0, 2, 3, 1).flatten(1)
                             if xs[0].dim() == 4 else xs[0].flatten(1), (math.prod(shapes[0]),))
        elif kind == "Dense":
            if len(shapes[0]) != 1:
                raise NotImplementedError(f"layer {name}: Dense on a {len(shapes[0])}-d input")
            lin = torch.nn.Linear(shapes[0][0], cfg["units"], bias=True)
            lin.weight.data = torch.from_numpy(weights[f"{name}/kernel"].T.astype(np.float64))
            lin.bias.data = torch.from_numpy(weights[f"{name}/bias"].astype(np.float64)) if cfg["use_bias"] \
                else torch.zeros(cfg["units"], dtype=torch.float64)
            g.convs[key(name)] = lin
            act = activation_fn(cfg["activation"], name)
            g.ops[name] = Op(name, inputs, lambda g_, xs, m=key(name), act=act:
                             g_.convs[m](xs[0]) if act is None else act(g_.convs[m](xs[0])), (cfg["units"],))
        elif kind == "Dropout":
            g.ops[name] = Op(name, inputs, lambda g_, xs: xs[0], shapes[0])
        else:
            raise NotImplementedError(f"layer {name}: kind {kind}")
    for target in (features, classify):
        if target not in g.ops:
            raise KeyError(f"no layer named {target}")
    g.targets = {"forward": features, "classify": classify}
    return g.float().eval().requires_grad_(False)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model_json")
    ap.add_argument("weights_bin")
    ap.add_argument("out")
    ap.add_argument("--features", default="flatten_1", help="layer whose output forward() returns")
    ap.add_argument("--classify", default="dense_3", help="layer whose output classify() returns")
    ap.add_argument("--keep-bn", action="store_true", help="do not fold BatchNormalization into convolutions")
    args = ap.parse_args()
    import json
    with open(args.model_json) as f:
        model = json.load(f)
    with open(args.weights_bin, "rb") as f:
        weights = load_weights(model["weightsManifest"], f.read())
    graph = build(model["modelTopology"], weights, args.features, args.classify, args.keep_bn)
    c, h, w = graph.ops[graph.input_name].shape
    example = torch.rand(2, c, h, w, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        traced = torch.jit.trace_module(graph, {"forward": example, "classify": example})
    torch.jit.save(traced, args.out)
    n_params = sum(p.numel() for p in graph.parameters())
    print(f"{args.out}: input {c}x{h}x{w}, forward -> {graph.ops[args.features].shape} ({args.features}), "
          f"classify -> {graph.ops[args.classify].shape} ({args.classify}), {n_params} parameters", file=sys.stderr)


if __name__ == "__main__":
    main()
