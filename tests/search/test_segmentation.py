"""Segmentation runs on jieba_fast_dat for speed; its tokens must be exactly jieba's, or the
relevance work measured with jieba would silently change."""

import jieba

from resources.demo_corpus import generate_records
from search.text import _tokenizer, build_tokenizer, index_tokens, query_terms


def test_fast_segmenter_gives_exactly_jiebas_tokens_on_teacher_writing():
    # jieba itself, set up exactly as the fast tokenizer is (same dictionary, same words).
    reference = build_tokenizer(jieba)
    fast = _tokenizer()
    texts = [" ".join([r["title"], r["summary"], r["body"]]).lower() for r in generate_records(150, seed=7)]
    texts += ["初中数学微课设计与反思", "同课异构：《背影》的两种教学设计", "abc 123 Python编程 ＡＢＣ"]
    for text in texts:
        assert list(fast.cut_for_search(text, HMM=False)) == list(reference.cut_for_search(text, HMM=False))
        assert list(fast.cut(text, HMM=False)) == list(reference.cut(text, HMM=False))


def test_domain_words_and_two_character_pieces_are_indexed():
    tokens = index_tokens("初中数学微课设计与反思：同课异构的课堂实录")
    for word in ("数学", "微课", "反思", "同课异构", "课堂实录", "课异"):
        assert word in tokens
    assert query_terms("同课异构 微课") == ["同课异构", "微课"]
