"""Models of training (训以赋能); split by concept and re-exported here."""

from .pages import (  # noqa: F401
    Assignment,
    CourseIndexPage,
    CourseModulePage,
    CoursePage,
    LessonRecordingPage,
    LessonSlice,
    MicroLecturePage,
    QuizFeedback,
    format_duration,
)
from .records import (  # noqa: F401
    AssignmentRound,
    Enrolment,
    ItemProgress,
    ModuleAttendance,
    PeerReview,
    QuizAttempt,
    Submission,
)
from .settings import StageVideoLimit, TrainingSettings  # noqa: F401
