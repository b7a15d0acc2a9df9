"""Chinese text handling shared by both search backends: cleaning, jieba segmentation
(分词) and highlighted snippets.

Both backends index the same tokens (``index_tokens``) and query with the same tokens
(``query_terms``), so a query finds the same works on Elasticsearch and on the database.
The dictionary below adds the domain's words (微课, 同课异构, 校本研修 …) that jieba's
general dictionary lacks; changing it changes tokens, so run ``search_rebuild`` after.

Segmentation runs on jieba_fast_dat (jieba's algorithm in C++, same API) loaded with jieba's
own dictionary file, so the tokens are exactly jieba's (a test compares them) at several
times the speed: segmentation was most of the cost of indexing a document.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from functools import lru_cache
from itertools import chain
from pathlib import Path

import jieba
import jieba_fast_dat

from home import taxonomy_data
from home.text import clean

from .analysis import fold, to_simplified

JIEBA_DICTIONARY = str(Path(jieba.__file__).with_name("dict.txt"))
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 24
MAX_TERM_LENGTH = 40

DOMAIN_WORDS = [
    "微课",
    "同课异构",
    "课堂实录",
    "课堂切片",
    "切片诊断",
    "教学设计",
    "教学反思",
    "教育叙事",
    "案例分析",
    "小课题",
    "单元整体",
    "大单元",
    "大概念",
    "校本研修",
    "主题式",
    "研修方案",
    "研修总结",
    "返岗实践",
    "实践报告",
    "推优",
    "学段",
    "学情",
    "学情分析",
    "教研",
    "教研组",
    "磨课",
    "说课",
    "评课",
    "听课",
    "议课",
    "跨学科",
    "项目式",
    "项目化学习",
    "情境教学",
    "双减",
    "核心素养",
    "新课标",
    "课程标准",
    "学习任务群",
    "作业设计",
    "分层作业",
    "课后服务",
    "教学评一体化",
    "逆向设计",
    "整本书阅读",
    "思维导图",
    "工作坊",
    "名师工作室",
    "坊主",
    "专家点评",
    "即时测评",
    "作业互评",
    "学分银行",
    "骨干教师",
    "新教师",
    "课件",
    "信息科技",
    "信息技术",
    "道德与法治",
    "体育与健康",
    "综合实践活动",
    "心理健康",
    "生物学",
    "思想政治",
    "生活语文",
    "生活数学",
    "生活适应",
    "康复训练",
    "培智",
    "幼小衔接",
    "区域活动",
    "绘本",
    "勾股定理",
]

STOPWORDS = frozenset(
    [
        "的",
        "地",
        "得",
        "了",
        "和",
        "与",
        "及",
        "或",
        "是",
        "在",
        "把",
        "被",
        "对",
        "等",
        "之",
        "其",
        "也",
        "而",
        "并",
        "着",
        "过",
        "吗",
        "呢",
        "啊",
        "一个",
        "这个",
        "那个",
    ]
)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORDISH = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

_lock = threading.Lock()


ADDED_WORD_FREQ = 200_000
SYNONYM_WORD_FREQ = 2_000


def added_words() -> list[str]:
    """The words added to jieba's dictionary at ``ADDED_WORD_FREQ``: the domain's and the
    taxonomy's stages, subjects and grades."""
    words = set(DOMAIN_WORDS)
    words.update(taxonomy_data.STAGES)
    words.update(taxonomy_data.all_subjects())
    for grades in taxonomy_data.GRADES.values():
        words.update(grades)
    return sorted(words)


def build_tokenizer(engine=jieba_fast_dat):
    """A private tokenizer of ``engine`` (jieba_fast_dat, or jieba itself: same API) with
    jieba's dictionary plus the added words; the engine's global tokenizer is left alone."""
    engine.setLogLevel(logging.WARNING)
    tokenizer = engine.Tokenizer(dictionary=JIEBA_DICTIONARY)
    tokenizer.initialize()
    added = added_words()
    for word in added:
        tokenizer.add_word(word, freq=ADDED_WORD_FREQ)
    # The synonym files' forms (韦达定理, 人教版 …) become words too, at a modest frequency:
    # high enough to beat single characters, low enough not to split a common pair of words
    # (优质课件 stays 优质 + 课件 although 优质课 is a form).
    from .dictionary import file_words

    known = getattr(tokenizer, "get_freq", None) or tokenizer.FREQ.get  # jieba_fast_dat / jieba
    for word in set(file_words()) - set(added):
        if not known(word):
            tokenizer.add_word(word, freq=SYNONYM_WORD_FREQ)
    return tokenizer


@lru_cache(maxsize=1)
def _tokenizer() -> jieba_fast_dat.Tokenizer:
    """The tokenizer both backends segment with, built once."""
    with _lock:
        return build_tokenizer()


def _keep(token: str) -> bool:
    return bool(_WORDISH.search(token)) and token not in STOPWORDS


def index_tokens(text: str) -> list[str]:
    """Tokens under which a text is found: jieba's search-mode words plus every two-character
    piece of longer Chinese words, so "微课" is found inside "初中数学微课设计与反思". The text
    is folded first (``search.analysis.fold``: NFKC, traditional → simplified, lower case)."""
    words = _tokenizer().cut_for_search(fold(clean(text)), HMM=False)
    return list(chain.from_iterable(map(_expand, words)))


@lru_cache(maxsize=200_000)
def _expand(raw: str) -> tuple[str, ...]:
    """What one segmenter word contributes to the index (words repeat: computed once)."""
    token = raw.strip()[:MAX_TERM_LENGTH]
    if not _keep(token):
        return ()
    if len(token) >= 3 and _CJK.match(token):
        return (token, *(token[i : i + 2] for i in range(len(token) - 1)))
    return (token,)


def segment(text: str) -> str:
    """``index_tokens`` joined by spaces: what Elasticsearch's whitespace analyzer indexes."""
    if len(text) <= 64:
        return _segment_short(text)  # school, author, tags, taxonomy names repeat across documents
    return " ".join(index_tokens(text))


@lru_cache(maxsize=50_000)
def _segment_short(text: str) -> str:
    return " ".join(index_tokens(text))


def normalize_query(query: str) -> str:
    """The query a user typed, made safe: cleaned and cut to ``MAX_QUERY_LENGTH``."""
    return clean(query)[:MAX_QUERY_LENGTH]


def query_terms(query: str) -> list[str]:
    """The words every result must contain (jieba's precise mode, stopwords and punctuation
    dropped, duplicates removed). Punctuation never reaches a backend, so query syntax such
    as ``title:* OR "`` is just text. Folded like the index (``search.analysis.fold``)."""
    seen: dict[str, None] = {}
    for raw in _tokenizer().cut(fold(normalize_query(query)), HMM=False):
        token = raw.strip()[:MAX_TERM_LENGTH]
        if _keep(token):
            seen.setdefault(token, None)
    return list(seen)[:MAX_QUERY_TERMS]


def _searchable(text: str) -> str:
    """``text`` lower-cased and in simplified characters, position for position (folded query
    terms are found in traditional text), or just lower-cased when conversion changes length."""
    lowered = text.lower()
    simplified = to_simplified(lowered)
    return simplified if len(simplified) == len(lowered) else lowered


def highlight(text: str, terms: list[str], *, size: int = 120) -> str:
    """An HTML-escaped excerpt of ``text`` around the first query term, terms in ``<mark>``.

    Used by the database backend; Elasticsearch builds its own with the same tags."""
    text = clean(text, fold=False)
    if not text:
        return ""
    lowered = _searchable(text)
    positions = [(lowered.find(term), term) for term in terms if term]
    positions = [(pos, term) for pos, term in positions if pos >= 0]
    start = 0
    if positions:
        first = min(pos for pos, _ in positions)
        start = max(0, first - size // 4)
    excerpt = text[start : start + size]
    if not terms:
        return html.escape(excerpt) + ("…" if len(text) > start + size else "")
    pattern = re.compile("|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True) if t), re.IGNORECASE)
    out, last = [], 0
    haystack = lowered[start : start + size] if len(lowered) == len(text) else excerpt
    for match in pattern.finditer(haystack):
        out.append(html.escape(excerpt[last : match.start()]))
        out.append(f"<mark>{html.escape(excerpt[match.start() : match.end()])}</mark>")
        last = match.end()
    out.append(html.escape(excerpt[last:]))
    marked = "".join(out).replace("</mark><mark>", "")
    return ("…" if start else "") + marked + ("…" if len(text) > start + size else "")


def make_snippet(summary: str, body: str, terms: list[str]) -> str:
    """The snippet of a result (both backends): the summary, or the body passage with the
    first match when only the body matches; query words in ``<mark>``."""
    text = summary
    summary_text, body_text = _searchable(summary), _searchable(body)
    if terms and not any(t in summary_text for t in terms) and any(t in body_text for t in terms):
        text = body
    return highlight(text or body, terms)
