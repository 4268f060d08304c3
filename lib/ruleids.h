/*
 * ruleids.h - every rule of ysh, once: its id, its code, its severity in
 * ysh-check, what ysh-add does with it, and when it runs.
 *
 * A finding names its rule by id, so a mistyped code is a compile error,
 * not an abort at run time.  The functions that judge live in rules.c; the
 * facts about a rule live here, where finding.c, ysh-check --list-rules and
 * ysh-add can read them without knowing how a rule judges.
 *
 * Action: a REFUSE rule says a record is malformed or cannot be resolved
 * (a bad date, an unknown unit, a reference to nothing): ysh-add writes
 * nothing.  A FLAG rule judges the conduct a record describes (too few
 * steps, a late filing): that is what happened, so ysh-add writes the
 * record and prints the finding as a warning.  ysh-check reports both with
 * the severity below.
 *
 * When: READ while ysh-check reads the ledgers; WRITE when ysh-add checks
 * the rows it is about to append; PROMPT as soon as a clerk has typed the
 * fields a rule needs.  Rules about a whole month or about records written
 * later (callbacks-min, monthly-missing, window-missing) do not run at WRITE.
 */
#ifndef YSH_RULEIDS_H
#define YSH_RULEIDS_H

#include <stdbool.h>

enum ysh_severity { YSH_SEV_ERROR, YSH_SEV_WARNING };
enum ysh_action { YSH_REFUSE, YSH_FLAG };
enum { YSH_AT_READ = 1, YSH_AT_WRITE = 2, YSH_AT_PROMPT = 4 };

#define YSH_AT_ALL (YSH_AT_READ | YSH_AT_WRITE | YSH_AT_PROMPT)
#define YSH_AT_STORED (YSH_AT_READ | YSH_AT_WRITE)

/* X(ID, code, severity, action, when, summary) */
#define YSH_RULE_LIST(X)                                                                               \
	X(CSV_SYNTAX, "csv-syntax", ERROR, REFUSE, YSH_AT_STORED,                                      \
	  N_("malformed CSV: quoting, field count, invalid UTF-8, NUL bytes, oversized cells"))       \
	X(HEADER, "header", ERROR, REFUSE, YSH_AT_STORED,                                              \
	  N_("unknown, missing required or duplicate column; empty file; repeated header"))           \
	X(FIELD_REQUIRED, "field-required", ERROR, REFUSE, YSH_AT_STORED,                              \
	  N_("a required cell is empty (void_reason when voided)"))                                  \
	X(FIELD_TYPE, "field-type", ERROR, REFUSE, YSH_AT_ALL,                                         \
	  N_("not a valid date, timestamp, number, money, boolean, phone or id"))                     \
	X(FIELD_ENUM, "field-enum", ERROR, REFUSE, YSH_AT_ALL,                                         \
	  N_("a value not among the allowed ones (kind, mode, steps, status ...)"))                   \
	X(UNIT_UNKNOWN, "unit-unknown", ERROR, REFUSE, YSH_AT_ALL,                                     \
	  N_("a unit (or joint unit) not listed in ysh.ini"))                                         \
	X(ID_DUPLICATE, "id-duplicate", ERROR, REFUSE, YSH_AT_STORED,                                  \
	  N_("an id repeated in a ledger without revisions"))                                         \
	X(REF_MISSING, "ref-missing", ERROR, REFUSE, YSH_AT_ALL,                                       \
	  N_("a referenced record does not exist (or, for a new row, is voided)"))                    \
	X(DATE_FUTURE, "date-future", ERROR, REFUSE, YSH_AT_ALL,                                       \
	  N_("a date of something that has happened is after today, or after the row was recorded")) \
	X(STEPS_MIN, "steps-min", ERROR, FLAG, YSH_AT_ALL,                                             \
	  N_("fewer steps than the activity kind requires (min_steps_KIND)"))                         \
	X(REPORT_LATE, "report-late", WARNING, FLAG, YSH_AT_ALL,                                       \
	  N_("reported more than report_within_days after the activity"))                             \
	X(CALLBACKS_MIN, "callbacks-min", ERROR, FLAG, YSH_AT_READ,                                    \
	  N_("an activity with 服务回访 has fewer than min_callbacks valid callbacks"))               \
	X(CALLBACK_WINDOW, "callback-window", WARNING, FLAG, YSH_AT_ALL,                               \
	  N_("served_on more than callback_window_days before the callback, or after it"))            \
	X(DEADLINE_MISSING, "deadline-missing", ERROR, REFUSE, YSH_AT_STORED,                          \
	  N_("挂账销号 without a deadline or without a measure"))                                     \
	X(PROBLEM_OVERDUE, "problem-overdue", WARNING, FLAG, YSH_AT_STORED,                            \
	  N_("deadline passed and not 已销号"))                                                       \
	X(REVISION_CONFLICT, "revision-conflict", ERROR, REFUSE, YSH_AT_STORED,                        \
	  N_("a revision changes an immutable field, or status moves backwards"))                     \
	X(FILING_LATE, "filing-late", ERROR, FLAG, YSH_AT_ALL,                                         \
	  N_("filed (or first recorded) later than the lead time (例行 lead_days_例行, 临时 lead_workdays_临时 working days)")) \
	X(FILING_UNAPPROVED, "filing-unapproved", ERROR, FLAG, YSH_AT_STORED,                          \
	  N_("no approver or approval date, or approved after the inspection"))                      \
	X(CREDIT_CODE, "credit-code", ERROR, REFUSE, YSH_AT_ALL,                                       \
	  N_("unified social credit code fails its GB 32100-2015 check character"))                   \
	X(MONTHLY_MISSING, "monthly-missing", WARNING, FLAG, YSH_AT_READ,                              \
	  N_("a unit with fewer than monthly_min activities in a month of the range"))                \
	X(WINDOW_MISSING, "window-missing", WARNING, FLAG, YSH_AT_READ,                                \
	  N_("an enforcement unit with no 跟执法 in an enforcement window"))                          \
	X(FORMULA_INJECTION, "formula-injection", WARNING, FLAG, YSH_AT_ALL,                           \
	  N_("a text cell starting with = + - @ tab or CR would run as a spreadsheet formula"))       \
	X(RECORD_DUPLICATE, "record-duplicate", WARNING, FLAG, YSH_AT_STORED,                          \
	  N_("two live records with the same defining fields (entered twice?)"))                      \
	X(STEP_MISSING, "step-missing", ERROR, FLAG, YSH_AT_ALL,                                       \
	  N_("a step the kind requires by name (steps_KIND) is not among the activity's steps"))       \
	X(KIND_NOT_ALLOWED, "kind-not-allowed", WARNING, FLAG, YSH_AT_ALL,                             \
	  N_("a unit records a kind its roles do not do (kinds_ROLE, kinds)"))                        \
	X(FILING_WIDENED, "filing-widened", ERROR, REFUSE, YSH_AT_STORED,                              \
	  N_("a revision widens an approved filing's inspectors, content or basis without a new approval")) \
	X(REVIEW_MISSING, "review-missing", WARNING, FLAG, YSH_AT_STORED,                              \
	  N_("a 挂账销号 problem struck off more than review_after_days ago has no 回头看 since"))        \
	X(RECORD_UNAUTHORIZED, "record-unauthorized", ERROR, REFUSE, YSH_AT_STORED,                    \
	  N_("recorded by a login [clerks] does not allow for the record's unit"))                      \
	X(WRITE_INTERRUPTED, "write-interrupted", ERROR, REFUSE, YSH_AT_READ,                          \
	  N_("the ledger ends in part of an append that was interrupted (the next ysh-add rolls it back)")) \
	X(CHAIN_BROKEN, "chain-broken", ERROR, REFUSE, YSH_AT_READ,                                    \
	  N_("a row the hash chain lists is not what was recorded: edited, deleted or moved"))          \
	X(RECORD_UNCHAINED, "record-unchained", WARNING, FLAG, YSH_AT_READ,                            \
	  N_("a row the hash chain does not list: added by hand or by another program"))                 \
	X(REPLY_OVERDUE, "reply-overdue", WARNING, FLAG, YSH_AT_STORED,                                \
	  N_("a complaint not replied by its reply_due (reply_workdays working days), or replied after it")) \
	X(COMPLAINT_OPEN, "complaint-open", WARNING, FLAG, YSH_AT_STORED,                              \
	  N_("a complaint not 已办结 more than complaint_open_days after it was received"))             \
	X(FEEDBACK_MISSING, "feedback-missing", ERROR, FLAG, YSH_AT_STORED,                            \
	  N_("a complaint 已办结 (or with closed_on) without replied_on: 一件一反馈"))                   \
	X(ROSTER_MISSED, "roster-missed", WARNING, FLAG, YSH_AT_READ,                                  \
	  N_("a unit on a month's [roster] with no 处投诉 activity in that month")) \
	X(TASK_DATES, "task-dates", ERROR, REFUSE, YSH_AT_STORED,                                         \
	  N_("a task's deadline words give no date ([deadlines]) and no deadline is given; 已完成 without done_on, or done_on without 已完成")) \
	X(TASK_OVERDUE, "task-overdue", WARNING, FLAG, YSH_AT_STORED,                                  \
	  N_("a task's deadline has passed and it is not 已完成"))                \
	X(TASK_FILING_MISSING, "task-filing-missing", WARNING, FLAG, YSH_AT_STORED,                    \
	  N_("a task done whose result is to be filed (filed_with) has no filed_on"))                   \
	X(LINE_UNKNOWN, "line-unknown", ERROR, REFUSE, YSH_AT_ALL,                                     \
	  N_("a problem's line is not a line of [lines] in ysh.ini"))                                   \
	X(TARGET_MISSING, "target-missing", ERROR, REFUSE, YSH_AT_STORED,                              \
	  N_("a 挂账销号 problem found during the [campaign] has no target (整改目标)"))                 \
	X(PHASE_LATE, "phase-late", WARNING, FLAG, YSH_AT_STORED,                                      \
	  N_("a problem found after the campaign's 排查 phase, or a 挂账销号 problem open when its 攻坚 phase ended")) \
	X(PERIOD_FORMAT, "period-format", ERROR, REFUSE, YSH_AT_ALL,                                   \
	  N_("a survey's quarter is not like 2018Q2, or a case's month not like 2020-02"))               \
	X(SURVEY_COUNTS, "survey-counts", ERROR, REFUSE, YSH_AT_ALL,                                   \
	  N_("a survey's 满意, 基本满意 and 不满意 do not add up to its sample, or its rate disagrees"))  \
	X(SURVEY_MISSING, "survey-missing", WARNING, FLAG, YSH_AT_READ,                                \
	  N_("a quarter of the range with no survey by [supervision] survey_organiser"))                \
	X(CASE_MISSING, "case-missing", WARNING, FLAG, YSH_AT_READ,                                    \
	  N_("a unit owing typical cases (a line's office, or [supervision] case_units) has none in a month"))

enum ysh_rule_id {
#define YSH_RULE_ENUM(id, code, sev, act, when, summary) YSH_R_##id,
	YSH_RULE_LIST(YSH_RULE_ENUM)
#undef YSH_RULE_ENUM
	YSH_R_COUNT
};

struct ysh_rule_info {
	const char *code;
	enum ysh_severity sev;
	enum ysh_action act;
	unsigned when;
	const char *summary; /* untranslated: pass through _() to show it */
};

extern const struct ysh_rule_info ysh_rule_info[YSH_R_COUNT];

/* The id of a rule code (for --rule and --no-rule), or -1. */
int ysh_rule_by_code(const char *code);

#endif
