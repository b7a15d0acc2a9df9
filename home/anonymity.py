"""The one rule for anonymous figures (匿名结果): a group's answers, scores or evaluations are
shown only when at least ``MIN_GROUP`` of them stand behind it — the capability baseline
(``research``), survey results (``surveys``) and participant evaluations (``followup``) share it,
so that no screen or export shows a smaller group than another would."""

MIN_GROUP = 5
