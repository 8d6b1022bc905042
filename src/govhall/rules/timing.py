"""The counting readings of ``govhall.timelimits`` that are a choice, registered as Interpretations.

``timelimits.due_date`` takes them as keyword arguments; a rule's ``ctx.due`` passes the run's chosen
values and the report lists a reading only when it actually moved a due date (``Deadline.readings``).
"""

from __future__ import annotations

from govhall.rules.interpretations import interpretation

#: interpretation name -> the ``due_date`` keyword it sets
READING_KEYWORDS: dict[str, str] = {
    "timelimits.pause-mode": "pause_mode",
    "timelimits.hour-holidays": "hour_holidays",
    "timelimits.extension-from": "extension_from",
}

interpretation(
    "timelimits.pause-mode",
    clause="db23-hlj-2023:7.4.2",
    question="补齐补正 (and admin-licensing-law:45 excluded procedures): does the clock stop and resume, or run again in full?",
    default="suspend",
    alternatives={
        "suspend": "the clock stops during the pause and resumes where it stopped (审批时限…再连续计时)",
        "restart": "the whole period runs again from the end of the pause (中断)",
    },
    basis="db23-hlj-2023:7.4.2 '待服务对象补齐补正后再连续计时' reads as continuing the count",
)
interpretation(
    "timelimits.hour-holidays",
    clause="civil-code:201",
    question="Does an hour period run through nights and holidays?",
    default="elapsed",
    alternatives={
        "elapsed": "hours run continuously from the hour (civil-code:201)",
        "roll": "an end falling on a non-working day moves to the same time on the next working day (civil-code:203)",
    },
    basis="civil-code:201 counts hour periods from the hour; 203 speaks of a last *day*",
)
interpretation(
    "timelimits.extension-from",
    clause="admin-licensing-law:42",
    question="Does an extension run from the (holiday-rolled) due date or from the computed last day?",
    default="due",
    alternatives={
        "due": "the extension runs from the due date actually in force",
        "last_day": "the extension runs from the computed last day before any holiday roll",
    },
    basis="an extension lengthens the period the applicant was promised, i.e. the due date in force",
)
