"""Understanding a query (查询理解), shared by both backends: what the teacher typed becomes a
``QueryPlan`` that Elasticsearch and the database index both execute.

- Folding: NFKC, traditional → simplified, lower case (``search.analysis.fold``), as at index time.
- Question and filler words (怎么, 如何, 有没有, 请问 …) are dropped.
- Each remaining word, or a run of words that is a form in the synonym dictionary
  (``search.dictionary``), is a *clause*. A clause is satisfied by any of its *alternatives*:
  the typed form (weight 1) or another form of its group (weight ``EXPANDED_BOOST``, so the
  typed word ranks first). An alternative of several tokens needs all of them.
- Not every clause must match: ``minimum_should_match`` lets long queries and questions find
  works that contain most of their words (two clauses or fewer: all of them). Clauses naming
  a grade, subject, stage or kind next to a topic are optional (they rank, see intent), and
  edition numbering (第四单元, 第二课时, 上册) is not searched: it differs between editions.
- A clause naming a grade, subject, stage or resource kind is also an *intent*: works with that
  facet value get their score multiplied by ``INTENT_WEIGHT``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from home.text import clean

from .analysis import fold
from .dictionary import FACET_KINDS, Dictionary, current
from .text import MAX_QUERY_LENGTH, MAX_QUERY_TERMS, MAX_TERM_LENGTH, STOPWORDS, _keep, _tokenizer, query_terms

EXPANDED_BOOST = 0.6
INTENT_WEIGHT = 1.5
MAX_ALTERNATIVES = 8
MAX_SPAN_TOKENS = 8

# Fillers that make a query a question (minimum_should_match relaxes for two-word questions).
QUESTION_WORDS = frozenset(
    [
        "怎么",
        "怎样",
        "怎么样",
        "怎么办",
        "如何",
        "如何才能",
        "怎样才能",
        "怎么才能",
        "有没有",
        "有什么",
        "有哪些",
        "什么",
        "哪些",
        "哪里",
        "哪个",
        "为什么",
        "请问",
        "求",
        "求助",
        "谁有",
        "吗",
        "呢",
        "能否",
        "是否",
        "想找",
        "要找",
        "推荐",
        "如何做",
        "怎么做",
        "怎样做",
    ]
)
# Words of a question or request that say nothing about what is wanted: the question words
# below and these.
FILLERS = QUESTION_WORDS | frozenset(
    [
        "有无",
        "哪儿",
        "哪种",
        "哪位",
        "为何",
        "可否",
        "可以",
        "能",
        "能不能",
        "会",
        "应该",
        "应当",
        "需要",
        "想",
        "想要",
        "找",
        "找找",
        "跪求",
        "急求",
        "请",
        "麻烦",
        "谁",
        "有",
        "一下",
        "一些",
        "一份",
        "一篇",
        "一节",
        "一个",
        "一套",
        "几个",
        "关于",
        "有关",
        "相关",
        "方面",
        "资料",
        "资源",
        "分享",
        "提供",
        "下载",
        "我",
        "我们",
        "你",
        "你们",
        "大家",
        "老师",
        "学生们",
        "吧",
        "啊",
        "呀",
        "哦",
        "嘛",
        "么",
        "好",
        "好的",
        "优质",
        "上好",
        "上",
        "精品",
        "比较",
        "最",
        "更",
        "做好",
        "进行",
    ]
)
# Words too general to be the topic of a query (微课设计: 微课 must still match).
GENERIC_WORDS = frozenset(
    [
        "设计",
        "教学",
        "课堂",
        "方案",
        "活动",
        "研究",
        "实践",
        "策略",
        "案例",
        "总结",
        "报告",
        "资源",
        "学习",
        "教育",
        "课程",
        "课",
        "内容",
        "方法",
    ]
)
_PUNCT = re.compile(r"[^\w]+")
# Numbering differs between editions (第四单元 in one is 第三单元 in another): not searched.
_NUMBERING = re.compile(
    r"第[一二三四五六七八九十百零〇两\d]+(?:单元|课时|课|节|章|框|册|部分|环节|周)|全一册|(?<=[年级])[上下]册"
)


@dataclass(frozen=True)
class Alternative:
    text: str
    tokens: tuple[str, ...]
    boost: float


@dataclass(frozen=True)
class Clause:
    typed: str
    alternatives: tuple[Alternative, ...]
    # A grade, subject, stage or kind next to a topic (勾股定理 教学设计) ranks, but is not
    # required: a 说课稿 on 勾股定理 is still an answer, below the 教学设计.
    soft: bool = False


@dataclass(frozen=True)
class QueryPlan:
    clauses: tuple[Clause, ...] = ()
    minimum_should_match: int = 0
    intent: dict[str, tuple[str, ...]] = field(default_factory=dict)
    core: str = ""  # the query without fillers and punctuation, canonical forms: title matching

    @property
    def required(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.soft)

    @property
    def optional(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.soft)

    def relaxed(self) -> QueryPlan:
        """The plan with one clause fewer required (a query that found nothing)."""
        return replace(self, minimum_should_match=max(1, self.minimum_should_match - 1))

    @property
    def tokens(self) -> list[str]:
        """Every token of every alternative (what the backends look up), typed ones first."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            for alternative in clause.alternatives:
                for token in alternative.tokens:
                    seen.setdefault(token, None)
        return list(seen)

    @property
    def highlight_terms(self) -> list[str]:
        terms: dict[str, None] = {}
        for clause in self.clauses:
            for alternative in clause.alternatives:
                terms.setdefault(alternative.text, None)
                for token in alternative.tokens:
                    terms.setdefault(token, None)
        return [t for t in terms if t]

    def __bool__(self) -> bool:
        return bool(self.clauses)


def minimum_should_match(clauses: int, *, question: bool = False) -> int:
    """All of one or two clauses (one of two in a question: 怎样组织小组合作学习 also finds
    works on 小组合作学习 that do not say 组织); one fewer of three or four; 60 % of longer
    queries."""
    if clauses <= 1:
        return clauses
    if clauses == 2:
        return 1 if question else 2
    if clauses <= 4:
        return clauses - 1
    return math.ceil(clauses * 0.6)


def _words(text: str) -> list[str]:
    """The folded query cut into words (precise mode), spaces and punctuation kept as breaks."""
    return [w for w in _tokenizer().cut(text, HMM=False) if w]


def _spans(words: list[str], dictionary: Dictionary) -> list[tuple[str, bool]]:
    """(text, is a dictionary form) for runs of words, longest dictionary forms first."""
    out, i = [], 0
    while i < len(words):
        match = 0
        if words[i].strip():
            joined = ""
            for k in range(i, min(len(words), i + MAX_SPAN_TOKENS)):
                if not words[k].strip():
                    break
                joined += words[k]
                if len(joined) > dictionary.longest:
                    break
                if joined in dictionary.by_form:
                    match = k - i + 1
        if match:
            out.append(("".join(words[i : i + match]), True))
            i += match
        else:
            out.append((words[i], False))
            i += 1
    return out


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(query_terms(text))


def understand(query: str) -> QueryPlan:
    """The plan of a query string (already cut to ``MAX_QUERY_LENGTH`` by the request)."""
    return _understand(query, current())


@lru_cache(maxsize=2048)
def _understand(query: str, dictionary: Dictionary) -> QueryPlan:
    text = _NUMBERING.sub(" ", fold(clean(query)[:MAX_QUERY_LENGTH]))
    clauses: list[Clause] = []
    intent: dict[str, dict[str, None]] = {}
    core: list[str] = []
    seen: set[str] = set()
    question = False
    run_open = False  # the last clause is a run of single characters that may go on
    for span, is_form in _spans(_words(text), dictionary):
        token = span.strip()[:MAX_TERM_LENGTH]
        if not token:
            run_open = False
            continue
        if not is_form and token in FILLERS:
            question, run_open = question or token in QUESTION_WORDS, False
            continue
        if not is_form and (not _keep(token) or token in STOPWORDS):
            run_open = False
            continue
        if token in seen:
            run_open = False
            continue
        seen.add(token)
        if not is_form:
            single = len(token) == 1 and not token.isascii()
            previous = clauses[-1] if clauses else None
            if single and run_open and previous is not None:
                # Consecutive single characters are one unknown word (a name: 王/晓/燕): all needed.
                tokens = (*previous.alternatives[0].tokens, token)
                text = "".join(tokens)
                clauses[-1] = Clause(text, (Alternative(text, tokens, 1.0),))
                core.append(token)
                continue
            # A lone Chinese character (课, 春) is weak evidence next to other words: it ranks.
            clauses.append(Clause(token, (Alternative(token, (token,), 1.0),), soft=single))
            core.append(token)
            run_open = single
            continue
        run_open = False
        alternatives = []
        for i, form in enumerate(dictionary.forms(token)[:MAX_ALTERNATIVES]):
            tokens = _tokens(form)
            if tokens:
                alternatives.append(Alternative(form, tokens, 1.0 if i == 0 else EXPANDED_BOOST))
        if not alternatives:
            continue
        canonicals = dictionary.canonicals(token)
        core.append(canonicals[0] if len(canonicals) == 1 else token)
        facet_clause = False
        for canonical in canonicals:
            facet = FACET_KINDS.get(dictionary.kinds.get(canonical, ""))
            value = _facet_value(facet, canonical) if facet else None
            if value:
                intent.setdefault(facet, {})[value] = None
                facet_clause = True
        clauses.append(Clause(token, tuple(alternatives), soft=facet_clause))
        if len(clauses) >= MAX_QUERY_TERMS:
            break
    # Facet words and single characters are optional only next to a real topic (勾股定理 教案),
    # not next to a generic word (微课设计: 微课 stays required) or alone (初一 语文 春).
    topical = any(not c.soft and len(c.typed) >= 2 and c.typed not in GENERIC_WORDS for c in clauses)
    if not topical:
        clauses = [replace(c, soft=False) for c in clauses]
    if all(clause.soft for clause in clauses):  # 春: a single character alone is the query
        clauses = [replace(clause, soft=False) for clause in clauses]
    required = sum(not clause.soft for clause in clauses)
    return QueryPlan(
        clauses=tuple(clauses),
        minimum_should_match=minimum_should_match(required, question=question),
        intent={facet: tuple(values) for facet, values in intent.items()},
        core="".join(core),
    )


def _facet_value(facet: str, canonical: str) -> str | None:
    """The stored facet value a canonical name stands for: the taxonomy name itself, or the
    kind code of a resource kind label (教学设计 → teaching_design); None when it is none."""
    from home import taxonomy_data
    from resources.models import ResourceKind

    if facet == "kind":
        codes = {fold(str(label)): value for value, label in ResourceKind.choices}
        return codes.get(canonical)
    names = {
        "stage": taxonomy_data.STAGES,
        "subject": taxonomy_data.all_subjects(),
        "grade": [g for grades in taxonomy_data.GRADES.values() for g in grades],
    }[facet]
    return canonical if canonical in names else None


def canonical_text(text: str) -> str:
    """``text`` as ``QueryPlan.core`` sees it: folded, fillers and punctuation dropped, every
    dictionary form replaced by its canonical name (so 人教版 and 统编版 titles compare equal)."""
    return _canonical_text(text, current())


@lru_cache(maxsize=4096)
def _canonical_text(text: str, dictionary: Dictionary) -> str:
    out = []
    for span, is_form in _spans(_words(fold(clean(text))), dictionary):
        if is_form:
            canonicals = dictionary.canonicals(span)
            out.append(canonicals[0] if len(canonicals) == 1 else span)
        elif span not in FILLERS and span not in STOPWORDS:
            out.append(_PUNCT.sub("", span))
    return "".join(out)
