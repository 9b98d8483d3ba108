#!/usr/bin/python3
"""The embedder container (.pemb), format version 1, all little-endian:

  offset  size  content
  0       16    magic b"PRISTINE-EMBED\\0\\0"
  16      4     u32 format version (1)
  20      4     u32 n = length of the config JSON
  24      n     config: JSON object, UTF-8
  24+n    8     u64 m = length of the TorchScript archive
  32+n    m     the TorchScript archive (the bytes torch.jit.save writes)
  end-8   8     u64 XXH64 (seed 0) of every byte before it

usage: pemb.py check FILE [--name NAME] [--version V]   (exit 0 when FILE is a whole, loadable container)
       pemb.py show FILE                               (prints the config)
"""
import argparse
import io
import json
import struct
import sys

import xxhash

MAGIC = b"PRISTINE-EMBED\0\0"
VERSION = 1


class FormatError(Exception):
    pass


def pack(config, archive):
    """The container's bytes for a config dict and a TorchScript archive (bytes)."""
    cfg = json.dumps(config, ensure_ascii=False, indent=1).encode("utf-8")
    body = MAGIC + struct.pack("<II", VERSION, len(cfg)) + cfg + struct.pack("<Q", len(archive)) + archive
    return body + struct.pack("<Q", xxhash.xxh64_intdigest(body, seed=0))


def unpack(data):
    """(config dict, archive bytes) of a container's bytes; FormatError when they are not one."""
    if len(data) < 40 or data[:16] != MAGIC:
        raise FormatError("not a pristine embedder file (bad magic)")
    version, n = struct.unpack_from("<II", data, 16)
    if version != VERSION:
        raise FormatError(f"format version {version}, this reader knows {VERSION}")
    if 24 + n + 8 + 8 > len(data):
        raise FormatError("truncated (config length runs past the end)")
    (m,) = struct.unpack_from("<Q", data, 24 + n)
    if 32 + n + m + 8 != len(data):
        raise FormatError(f"size {len(data)} does not match the lengths inside ({32 + n + m + 8})")
    (digest,) = struct.unpack_from("<Q", data, len(data) - 8)
    if xxhash.xxh64_intdigest(data[:-8], seed=0) != digest:
        raise FormatError("checksum mismatch (file damaged)")
    config = json.loads(data[24:24 + n].decode("utf-8"))
    if not isinstance(config, dict):
        raise FormatError("config is not a JSON object")
    return config, data[32 + n:32 + n + m]


def write(path, config, archive):
    with open(path, "wb") as f:
        f.write(pack(config, archive))


def read(path):
    with open(path, "rb") as f:
        return unpack(f.read())


def save_torchscript(module):
    """The bytes torch.jit.save writes for a scripted or traced module."""
    import torch
    buf = io.BytesIO()
    torch.jit.save(module, buf)
    return buf.getvalue()


def check(path, name=None, version=None):
    """Raises FormatError unless PATH is a whole container whose module loads and gives the stated
    output sizes on a zero input; returns the config."""
    import torch
    config, archive = read(path)
    if name is not None and config.get("name") != name:
        raise FormatError(f"name is {config.get('name')!r}, expected {name!r}")
    if version is not None and config.get("source", {}).get("version") != version:
        raise FormatError(f"source version is {config.get('source', {}).get('version')!r}, expected {version!r}")
    module = torch.jit.load(io.BytesIO(archive), map_location="cpu")
    inp = config["input"]
    x = torch.zeros(1, 3, inp["height"], inp["width"])
    with torch.no_grad():
        out = getattr(module, config["output"]["method"])(x)
        if tuple(out.shape) != (1, config["dim"]):
            raise FormatError(f"{config['output']['method']} gives {tuple(out.shape)}, config says dim {config['dim']}")
        for method, spec in config.get("methods", {}).items():
            out = getattr(module, method)(x)
            if tuple(out.shape) != (1, spec["dim"]):
                raise FormatError(f"{method} gives {tuple(out.shape)}, config says dim {spec['dim']}")
    return config


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["check", "show"])
    ap.add_argument("file")
    ap.add_argument("--name")
    ap.add_argument("--version")
    args = ap.parse_args()
    try:
        if args.command == "check":
            config = check(args.file, args.name, args.version)
            print(f"{args.file}: ok ({config['name']}, dim {config['dim']})")
        else:
            print(json.dumps(read(args.file)[0], indent=1, ensure_ascii=False))
    except (OSError, FormatError, KeyError, RuntimeError) as e:
        print(f"{args.file}: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
