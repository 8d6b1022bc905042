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
interpretation(
    "timelimits.set-date-on-holiday",
    clause="civil-code:203",
    question="A date the hall set or agreed for an act (the applicant's: a 容缺 supplement date, "
    "gdzw-0020-2019:5.7.3 and dongguan-hall-2023:5.2.7.3; a 补正期限, db23-hlj-2023:7.4.2; a department's: a "
    "督办's deadline, yousu-jiban:处置流程.督办.3, a 工作单's 完成时限, dongguan-hall-2023:6.1.7.2 c; the hall's own: an "
    "inquiry's 约定答复时间, gdzw-0020-2019:5.1.4 a and 6.4.2, moved to the same time of the next working day) "
    "that is not a "
    "working day: is it the last day as set, or does it move to the next working day as Art 203 moves a "
    "period's last day (期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日)?",
    default="as_set",
    alternatives={
        "as_set": "the date as set: a date fixed for the act is a 期日, not the last day of a period counted "
        "in days, and Art 204 lets an agreement fix it (当事人另有约定的除外)",
        "next_working_day": "the next working day of the hall's calendar: the date ends the time given for the "
        "act, which cannot be done at a closed hall on it (Art 203 applied to a period stated by its last "
        "day)",
    },
    basis="Art 203 speaks of a 期间 whose last day is a holiday; neither the seeds nor the law say whether a "
    "date the hall fixes is one. as_set was the only reading before 2026-12. Asked only where it decides: "
    "the act (or, not yet done, the audit day) came after the set date and no later than the next working "
    "day",
)
