// Whole-group ranking against true trees (pristine/lab/eval_trees.hpp) with fake rankings: the files a
// ranking sees are shuffled and anonymous, so a ranking that reads them back right scores 100 %.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pristine/io/image_io.hpp"
#include "pristine/lab/eval_trees.hpp"

using namespace pristine;
using namespace pristine::eval;

namespace {

// A group whose file bytes are the copy's index: 0 the original, 1 and 2 made from it, 3 made from 1.
EvalGroup tree_group() {
    EvalGroup g;
    g.source = "tree";
    const int parent[] = {-1, 0, 0, 1};
    const int generation[] = {0, 1, 1, 2};
    for (int i = 0; i < 4; ++i) {
        EvalCopy c;
        c.bytes = {static_cast<std::uint8_t>('0' + i)};
        c.parent = parent[i];
        c.generation = generation[i];
        g.copies.push_back(c);
    }
    return g;
}

int copy_of(const std::string& path) { return read_file(path).at(0) - '0'; }

// Ranks by the copy index (the truth's order) and names the true parents, or the reverse.
GroupRanking oracle(const std::vector<std::string>& paths, bool reversed) {
    const int parent[] = {-1, 0, 0, 1};
    GroupRanking r;
    std::vector<int> copy;
    for (const auto& p : paths) copy.push_back(copy_of(p));
    for (int c : copy) r.position.push_back(reversed ? 3 - c : c);
    for (int c : copy) {
        int at = -1;
        for (std::size_t k = 0; k < copy.size(); ++k)
            if (parent[c] >= 0 && copy[k] == parent[c]) at = static_cast<int>(k);
        r.parent.push_back(reversed ? (at < 0 ? -1 : 0) : at);
    }
    return r;
}

}  // namespace

TEST_CASE("evaluate_trees: the true ranking and tree score 100 %, the reverse 0 %") {
    const std::vector<EvalGroup> groups(3, tree_group());
    const TreeMetrics right = evaluate_trees(groups, [](const auto& p) { return oracle(p, false); }, "", 7);
    // Per group: 3 parent edges (0-1, 0-2, 1-3) and 1 two generations apart (0-3).
    CHECK(right.pairs.total == 12);
    CHECK(right.pairs.value() == doctest::Approx(1.0));
    CHECK(right.pairs_by_kind.at("original vs copy").total == 6);
    CHECK(right.pairs_by_kind.at("copy vs copy of copy").total == 3);
    CHECK(right.pairs_by_kind.at("2+ generations apart").total == 3);
    CHECK(right.top1.value() == doctest::Approx(1.0));
    CHECK(right.parent.total == 9);
    CHECK(right.parent.value() == doctest::Approx(1.0));
    CHECK(right.groups_failed == 0);

    const TreeMetrics wrong = evaluate_trees(groups, [](const auto& p) { return oracle(p, true); }, "", 7);
    CHECK(wrong.pairs.value() == doctest::Approx(0.0));
    CHECK(wrong.top1.value() == doctest::Approx(0.0));
    CHECK(wrong.parent.value() < 1.0);
}

TEST_CASE("evaluate_trees: ties count half, a ranking without parents has no parent figure, failures count wrong") {
    const std::vector<EvalGroup> groups{tree_group()};
    const TreeMetrics tied = evaluate_trees(groups, [](const std::vector<std::string>& p) {
        GroupRanking r;
        r.position.assign(p.size(), 0);
        return r;
    }, "", 1);
    CHECK(tied.pairs.value() == doctest::Approx(0.5));
    CHECK(tied.top1.value() == doctest::Approx(0.25));  // first place shared by 4
    CHECK(tied.parent.total == 0);

    const TreeMetrics failed = evaluate_trees(groups, [](const std::vector<std::string>&) -> GroupRanking {
        throw Error(Status::io_error, "cannot rank");
    }, "", 1);
    CHECK(failed.groups_failed == 1);
    CHECK(failed.pairs.value() == doctest::Approx(0.0));
    CHECK(failed.top1.value() == doctest::Approx(0.0));
    CHECK(failed.parent.value() == doctest::Approx(0.0));

    const TreeMetrics short_answer = evaluate_trees(groups, [](const std::vector<std::string>&) { return GroupRanking{}; }, "", 1);
    CHECK(short_answer.groups_failed == 1);
}

TEST_CASE("ranking_by_scores places files by score, equal scores together, failures last") {
    const NamedRankGroupFn by_byte = ranking_by_scores({"byte", [](const std::vector<std::uint8_t>& b) {
        if (b.at(0) == '3') throw Error(Status::corrupt_data, "bad");
        return b.at(0) == '2' ? 1.0 : static_cast<double>(b.at(0));
    }});
    CHECK(by_byte.name == "byte");
    const TreeMetrics m = evaluate_trees({tree_group()}, by_byte.rank, "", 3);
    // Places: copy 2 (score 1) first, then 0, 1, and 3 (threw) last: 0 before 1 and 3 and 1 before 3
    // are right, 0 after its copy 2 is wrong.
    CHECK(m.pairs.total == 4);
    CHECK(m.pairs.correct == doctest::Approx(3.0));
    CHECK(m.top1.value() == doctest::Approx(0.0));
    CHECK(m.parent.total == 0);
}
