// The commands of `pristine`, in the order `pristine help` lists them.
#include "commands.hpp"

namespace pristine::cli {

const std::vector<CommandInfo> k_command_list = {
    {"dedupe", "Find every group of copies under folders and the copy to keep in each (JSON/HTML report)", true},
    {"info", "Print one JSON line of metadata per image file", false},
    {"degrade", "Write degraded copies of an image (re-upload chains or the hash distortion set)", true},
    {"hash", "Print the perceptual hashes of image files, one JSON line per file", false},
    {"compare", "Print every hash distance between two image files (JSON)", false},
    {"score", "Print a generation-loss score per image (lower = closer to the original)", true},
    {"embed", "Print a CNN embedding per image (JSON lines or a .npy matrix; compare by cosine distance)", true},
    {"rank", "Rank copies of one picture, closest to the original first", true},
    {"provenance", "Tell which copy each copy of one picture was made from (JSON lines, Graphviz DOT)", true},
    {"pair-features", "Print the features the copy-ranking model compares copies by (to train it)", true},
    {"train", "Train the generation-loss scorer on folders of pictures", true},
    {"hpsearch", "Search the scorer's structure and training settings with a surrogate model", true},
    {"eval-hashes", "Measure hash robustness on a folder of images (distortion classes, thresholds, AUC)", true},
    {"synth", "Write synthetic originals (drawings, comics, text, UI screenshots, memes) as PNG", true},
    {"eval-scorer", "Measure a scorer (or the naive baselines): pair and top-1 accuracy, generation loss", true},
    {"undo", "Put back the files a journalled move took away (the journal of dedupe --move-duplicates)", false},
    {"eval-dedupe", "Build a duplicate-finding test collection with its ground truth, or score a dedupe report", true},
};

std::vector<Command> command_table(const std::vector<std::pair<std::string, RegisterFn>>& here, bool list_others) {
    std::vector<Command> table;
    for (const CommandInfo& c : k_command_list) {
        RegisterFn add = nullptr;
        for (const auto& [name, fn] : here)
            if (name == c.name) add = fn;
        if (add != nullptr || list_others) table.push_back({c.name, c.description, add, {}});
    }
    return table;
}

}  // namespace pristine::cli
