"""Offline benchmark of the recommender (精准推送) against the current "newest of the same
subject and stage" list, on generated demo behaviour.

    make bench-recommend    # or: .venv/bin/python benchmarks/recommend.py [--teachers 400] [--items 2000]
                            #                     [--seed 2026] [--holdout 3]

The world (deterministic for a seed): items (courses, micro-lectures, resources, workshops),
each for a stage and subject (some for every subject), developing one or two of eight
dimensions, with a hidden quality; teachers with a stage, a subject and one or two gaps
(结构洞) of 5–20 points. Each teacher then uses 8–20 items, one after the other, drawn with
odds that grow with a matching subject and stage, with covering a gap (more for a wider gap),
with the item's quality and with what teachers of the same group already used (the pull of
colleagues) — the biases real teachers show. Each teacher's last ``--holdout`` interactions
are held out; everything before is the behaviour the recommender may read (the teacher's own
items are left out of its list; peers' use and overall views feed its scores).

Reported per method, over teachers: hit rate@10 (at least one held-out item in the top 10),
recall@10 and NDCG@10. The recommender is ``research.ranking.rank``, the code the portal runs;
"newest" is the rule of the resource page's related box today (newest of the same subject and
stage), applied to every kind of item, which is kinder to it than the real box (resources only);
"newest resources" is the real box. "Most used by the group" (unseen, same subject and stage)
is a stronger simple baseline, to show the recommender is more than popularity. The ablations
drop one signal each. The world's biases are assumptions, so the figures say how the
recommender uses those signals, not how real teachers will respond.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from research import ranking  # noqa: E402  (pure Python: no Django needed)
from research.ranking import Candidate, Learner, rank  # noqa: E402

DIMENSIONS = list(range(1, 9))
STAGES = [1, 2, 3]
SUBJECTS = [1, 2, 3, 4, 5, 6]
KINDS = ["course"] * 2 + ["lecture"] * 3 + ["resource"] * 8 + ["workshop"]
K = 10


def build_world(*, teachers: int, items: int, seed: int):
    rng = random.Random(seed)
    catalogue = []
    for i in range(items):
        kind = rng.choice(KINDS)
        catalogue.append(
            {
                "key": f"{kind}:{i}",
                "stage": rng.choice(STAGES) if rng.random() > 0.05 else None,
                "subject": rng.choice(SUBJECTS) if rng.random() > 0.1 else None,
                "dims": frozenset(rng.sample(DIMENSIONS, rng.choice([1, 1, 2]))),
                "order": rng.random(),  # publication time
                "quality": rng.lognormvariate(0, 0.6),
            }
        )
    people = []
    for t in range(teachers):
        gaps = {d: rng.uniform(5, 20) for d in rng.sample(DIMENSIONS, rng.choice([1, 2]))}
        people.append({"id": t, "stage": rng.choice(STAGES), "subject": rng.choice(SUBJECTS), "gaps": gaps})
    group_use: dict[tuple, Counter] = {}
    histories = {p["id"]: [] for p in people}
    # Teachers act in rounds, so that colleagues' earlier choices pull later ones.
    lengths = {p["id"]: rng.randint(8, 20) for p in people}
    for step in range(max(lengths.values())):
        for person in rng.sample(people, len(people)):
            if step >= lengths[person["id"]]:
                continue
            used = set(histories[person["id"]])
            group = group_use.setdefault((person["stage"], person["subject"]), Counter())
            weights, keys = [], []
            for item in catalogue:
                if item["key"] in used:
                    continue
                logit = 0.8 * math.log(item["quality"])
                if item["subject"] is not None:
                    logit += 2.0 if item["subject"] == person["subject"] else -2.0
                if item["stage"] is not None:
                    logit += 1.5 if item["stage"] == person["stage"] else -1.5
                width = max((person["gaps"].get(d, 0.0) for d in item["dims"]), default=0.0)
                logit += 1.4 * min(1.0, width / 12)
                logit += 0.35 * math.log1p(group[item["key"]])
                weights.append(math.exp(logit + rng.gauss(0, 0.5)))
                keys.append(item["key"])
            choice = rng.choices(keys, weights=weights)[0]
            histories[person["id"]].append(choice)
            group[choice] += 1
    return catalogue, people, histories


def evaluate(catalogue, people, histories, *, holdout: int):
    train = {pid: h[:-holdout] for pid, h in histories.items()}
    test = {pid: set(h[-holdout:]) for pid, h in histories.items()}
    views = Counter(key for h in train.values() for key in h)
    by_group: dict[tuple, Counter] = {}
    for person in people:
        by_group.setdefault((person["stage"], person["subject"]), Counter()).update(train[person["id"]])
    candidates = [
        Candidate(
            key=i["key"],
            stage_id=i["stage"],
            subject_id=i["subject"],
            dimensions=i["dims"],
            order=i["order"],
            popularity=views[i["key"]],
        )
        for i in catalogue
    ]
    newest = sorted(catalogue, key=lambda i: -i["order"])

    def recommender(person, *, gaps=True, peers=True):
        own = Counter(train[person["id"]])
        peer_counts = by_group[(person["stage"], person["subject"])] - own if peers else Counter()
        learner = Learner(
            stage_id=person["stage"],
            subject_id=person["subject"],
            gaps=dict(person["gaps"]) if gaps else {},
            consumed=set(train[person["id"]]),
        )
        return [s.candidate.key for s in rank(learner, candidates, peer_counts, k=K)]

    def newest_same(person, *, skip_used=False):
        used = set(train[person["id"]]) if skip_used else set()
        return [
            i["key"]
            for i in newest
            if i["subject"] == person["subject"] and i["stage"] == person["stage"] and i["key"] not in used
        ][:K]

    def newest_resources(person):
        return [
            i["key"]
            for i in newest
            if i["key"].startswith("resource:") and i["subject"] == person["subject"] and i["stage"] == person["stage"]
        ][:K]

    def most_used(person):
        used = set(train[person["id"]])
        group = by_group[(person["stage"], person["subject"])]
        fitting = [
            i
            for i in catalogue
            if i["key"] not in used
            and i["subject"] in (None, person["subject"])
            and i["stage"] in (None, person["stage"])
        ]
        fitting.sort(key=lambda i: (-group[i["key"]], -views[i["key"]], -i["order"]))
        return [i["key"] for i in fitting[:K]]

    methods = {
        "newest resources of same subject & stage (box)": newest_resources,
        "newest of same subject & stage (today)": lambda p: newest_same(p),
        "newest of same subject & stage, unseen only": lambda p: newest_same(p, skip_used=True),
        "most used by the group, unseen only": most_used,
        "recommender (research.ranking)": lambda p: recommender(p),
        "  ablation: without gaps": lambda p: recommender(p, gaps=False),
        "  ablation: without peers": lambda p: recommender(p, peers=False),
    }
    results = {}
    for name, method in methods.items():
        hits = recall = ndcg = 0.0
        for person in people:
            wanted = test[person["id"]]
            ranked = method(person)
            found = [i for i, key in enumerate(ranked) if key in wanted]
            hits += 1.0 if found else 0.0
            recall += len(found) / len(wanted)
            ideal = sum(1 / math.log2(i + 2) for i in range(min(len(wanted), K)))
            ndcg += sum(1 / math.log2(i + 2) for i in found) / ideal
        n = len(people)
        results[name] = (hits / n, recall / n, ndcg / n)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teachers", type=int, default=400)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--holdout", type=int, default=3)
    parser.add_argument("--w-gap", type=float, default=ranking.W_GAP, help="try another gap weight")
    parser.add_argument("--w-peer", type=float, default=ranking.W_PEER, help="try another peer weight")
    args = parser.parse_args()
    ranking.W_GAP, ranking.W_PEER = args.w_gap, args.w_peer
    catalogue, people, histories = build_world(teachers=args.teachers, items=args.items, seed=args.seed)
    interactions = sum(len(h) for h in histories.values())
    print(
        f"{args.teachers} teachers, {args.items} items, {interactions} interactions "
        f"(seed {args.seed}); last {args.holdout} of each teacher held out; weights: "
        f"gap {ranking.W_GAP}, peers {ranking.W_PEER}, subject {ranking.W_SUBJECT}, stage {ranking.W_STAGE}"
    )
    print(f"{'method':48s} {'hit@10':>7s} {'recall@10':>10s} {'NDCG@10':>8s}")
    for name, (hit, recall, ndcg) in evaluate(catalogue, people, histories, holdout=args.holdout).items():
        print(f"{name:48s} {hit:7.3f} {recall:10.3f} {ndcg:8.3f}")


if __name__ == "__main__":
    main()
