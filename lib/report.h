/*
 * report.h - the monthly reports of SPEC §7, built from the folded ledgers:
 * the unit report due on the 20th, the lead offices' summary due on the
 * 22nd, and the enterprise-inspection filings.
 *
 * A report is first a document (headings, lines, tables of strings), then
 * rendered: text (aligned, a Chinese character two columns wide), csv (RFC
 * 4180, formula-like cells neutralised), md, or json.  Everything is sorted
 * so that the same ledgers and the same month give the same bytes.
 */
#ifndef YSH_REPORT_H
#define YSH_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ledger.h"

enum ysh_report_kind { YSH_REPORT_UNIT, YSH_REPORT_SUMMARY, YSH_REPORT_FILINGS, YSH_REPORT_COMPLAINTS, YSH_REPORT_ROSTER,
	YSH_REPORT_TASKS, YSH_REPORT_CAMPAIGN };
enum ysh_format { YSH_FMT_TEXT, YSH_FMT_CSV, YSH_FMT_JSON, YSH_FMT_MD, YSH_FMT_XLSX };

struct ysh_report_opts {
	enum ysh_report_kind kind;
	enum ysh_format format;
	int month;         /* value.h month number: the period's label (ysh_config_period) */
	ysh_day from, to;  /* any range instead (to set): a quarter, a year, from..to; from 0:
			    * since the first record (ysh_report_first_day) */
	const char *label; /* the range's name (2026Q3, 2026); NULL: from..to */
	const char *unit;  /* only this unit (unit report), or NULL */
	const char *lead;  /* only this lead office (summary), or NULL */
	bool bom;          /* csv: a UTF-8 byte-order mark for Excel and WPS */
	size_t ledger_errors; /* errors ysh-check finds in the ledgers: said in the report */
	bool by_line;      /* unit report: the problems by campaign line ([lines]) instead */
};

/* The figures of one unit, one lead office or the county for a month. */
struct ysh_figures {
	long activities, participants, items;
	long problems_found, problems_closed, problems_open, problems_overdue;
	long found_by_end, closed_by_end;
	long problems_reviewed, problems_rebounded; /* looked back at (回头看) in the period; found back (反弹) */
	long callbacks, callbacks_valid, satisfied;
	long filed, on_time, unapproved, joint, not_punished, lightened;
	int64_t fine_waived_fen;
	long voided; /* records of the period voided: they count in no other figure */
	/* complaints (投诉台账): received, returned (退单) by received_on; replied
	 * (on time: by reply_due), satisfied (满意 or 基本满意) by replied_on;
	 * closed by closed_on; open: received by the period's end, not closed by then */
	long complaints_received, complaints_returned, complaints_replied, complaints_on_time;
	long complaints_satisfied, complaints_closed, complaints_open;
	long tasks_due, tasks_on_time, tasks_late, tasks_overdue, tasks_open; /* the tasks bulletin (bulletin.c) */
};

/* The earliest date in the ledgers (any date column of any record): where
 * a cumulative report (--to alone) starts; 0 when there is none. */
ysh_day ysh_report_first_day(struct ysh_ledgers *L);

/* Writes the report; returns 0, or -1 with *err (unknown unit or lead, a
 * workbook that could not be written).  xlsx: xlsxdoc.h's workbook, bytes
 * for a file, not a terminal. */
int ysh_report_write(struct ysh_ledgers *L, const struct ysh_report_opts *o, FILE *out, char **err);

/* A report tallied ahead, beside the rules of the state
 * (ysh_ledgers_finish_check_beside with ysh_report_ahead_tally): the
 * tally reads the folded records, which those rules only read too, and
 * not the findings, which only the report's preamble counts
 * (o->ledger_errors, read when the report is written).  o stays the
 * caller's.  ysh_report_ahead_write is ysh_report_write of the figures
 * tallied (tallied then, if they were not). */
struct ysh_report_ahead;
struct ysh_report_ahead *ysh_report_ahead_new(struct ysh_ledgers *L, const struct ysh_report_opts *o);
void ysh_report_ahead_tally(void *ahead);
int ysh_report_ahead_write(struct ysh_report_ahead *a, FILE *out, char **err);
void ysh_report_ahead_free(struct ysh_report_ahead *a);

/* What --split makes one file of, for a kind of report: a unit (the unit
 * report), a lead office (the summary), or nothing: the filings,
 * complaints, roster, tasks and campaign reports are the county's, one
 * document each, and cannot be split. */
enum ysh_report_split { YSH_SPLIT_NONE, YSH_SPLIT_UNIT, YSH_SPLIT_LEAD };
enum ysh_report_split ysh_report_split_by(enum ysh_report_kind kind);

/* What --split writes one file for: the units with a section in the unit
 * report (o->unit: that one), the lead offices of the summary (o->lead:
 * that one); none for a kind that cannot be split.  Sets *names (caller
 * frees the array, not the strings, which are L's); returns how many. */
size_t ysh_report_parts(struct ysh_ledgers *L, const struct ysh_report_opts *o, const char ***names);

/* Display width of UTF-8 text in a terminal (East Asian wide = 2). */
size_t ysh_display_width(const char *s);

#endif
