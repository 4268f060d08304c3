/*
 * campaign.h - what ysh.ini says about supervision: a campaign's dated
 * phases ([campaign]), its 专线 ([lines]), the day each deadline word
 * stands for ([deadlines]), who runs the quarterly survey and who owes a
 * typical case each month ([supervision]).  Loaded with the rest of
 * ysh.ini (config.c calls ysh_supervision_load); every section optional.
 */
#ifndef YSH_CAMPAIGN_H
#define YSH_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "deadline.h"
#include "ini.h"
#include "value.h"

struct ysh_config;

struct ysh_phase {
	char *name;
	ysh_day first, last;
};

/* A 工作专线: hard problems are handed to it (a problem's line). */
struct ysh_line {
	char *name;
	char *domain, *leader, *office; /* office: its 牵头科室, a unit of [units] */
	char **units;                   /* its member units */
	size_t nunits;
};

struct ysh_supervision {
	char *campaign;              /* [campaign] name; NULL: no campaign */
	struct ysh_phase *phases;    /* by date */
	size_t nphases;
	int find_phase, fix_phase;   /* 排查 and 攻坚: indexes in phases, -1 none */
	struct ysh_line *lines;
	size_t nlines;
	struct ysh_deadline_days deadlines;
	char *survey_organiser;      /* survey-missing judges this unit's surveys; NULL: off */
	char **case_units;           /* case-missing: these units; none: the lines' offices */
	size_t ncase_units;
	ysh_day since, until;        /* what survey-missing and case-missing judge (the plan's days);
				      * 0: from the first record, up to yesterday */
};

/* Reads the four sections of d (the ysh.ini at path, its units in c).
 * NULL, or the error naming the file, line, section and key. */
char *ysh_supervision_load(dictionary *d, const char *path, const struct ysh_config *c,
			   struct ysh_supervision **out);
void ysh_supervision_free(struct ysh_supervision *s);

/* The line of that name, or NULL. */
const struct ysh_line *ysh_line_find(const struct ysh_supervision *s, const char *name);
/* The campaign's first and last day; false without phases. */
bool ysh_campaign_span(const struct ysh_supervision *s, ysh_day *first, ysh_day *last);
/* Whether a unit owes a typical case each month (case-missing). */
bool ysh_owes_cases(const struct ysh_supervision *s, const char *unit);

#endif
