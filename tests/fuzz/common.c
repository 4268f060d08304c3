#define _GNU_SOURCE
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static void cleanup(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/* A small county, enough for every rule to have something to judge. */
static const char ini[] =
	"[county]\nname = 模糊县\n"
	"[units]\n县市场监管局 = 审批服务,行政执法\n县行政审批局 = 审批服务\n县司法局 = 审批服务,行政执法\n玉山镇 = 镇街\n"
	"[leads]\n走流程 = 县行政审批局\n坐窗口 = 县行政审批局\n处投诉 = 县行政审批局\n跟执法 = 县司法局\n"
	"[rules]\nenforcement_windows = 08-09,12-01\n"
	"[calendar]\nholidays = 2026-10-01..2026-10-07\nworkdays = 2026-10-10\n"
	/* a campaign and its lines, so that the campaign's rules and report run */
	"[campaign]\nname = 集中行动\n排查 = 2026-10-01..2026-10-31\n攻坚 = 2026-11-01..2026-11-30\n"
	"find_phase = 排查\nfix_phase = 攻坚\n"
	"[lines]\n审批专线.domain = 审批\n审批专线.leader = 甲\n审批专线.office = 县行政审批局\n"
	"审批专线.units = 县行政审批局, 县司法局\n";

const char *fuzz_dir(void)
{
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/ysh-fuzz-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		atexit(cleanup);
		fuzz_write("ysh.ini", ini, sizeof(ini) - 1);
		if (!getenv("YSH_SCHEMA_DIR"))
			setenv("YSH_SCHEMA_DIR", YSH_FUZZ_SCHEMAS, 1);
	}
	return dir;
}

void fuzz_write(const char *name, const void *data, size_t n)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(data, 1, n, f) != n))
		abort();
	fclose(f);
}
