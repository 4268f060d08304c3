/*
 * sigrun - run a command and send it a signal at a chosen moment, by its
 * pid: after a delay, or as soon as a file's size changes (the moment a
 * writer's first byte lands).  For the crash and interruption tests.
 *
 *   sigrun [-s SIGNAL] [-d MICROSECONDS] [-g FILE] [-i IN] [-o OUT] [-e ERR] -- CMD [ARG]...
 *
 * The command starts with every signal at its default action and none
 * blocked (a shell's background jobs ignore SIGINT).  Prints one line:
 * "exit N" or "signal N", then "sent" or "unsent" (whether the signal was
 * sent while the command still ran; it may still have been exiting).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct opts {
	int sig;
	long delay_us; /* -1: none */
	const char *grows, *in, *out, *err;
	char **argv;
};

static void usage(void)
{
	fprintf(stderr, "usage: sigrun [-s SIG] [-d USEC] [-g FILE] [-i IN] [-o OUT] [-e ERR] -- CMD [ARG]...\n");
	exit(2);
}

static void parse(int argc, char **argv, struct opts *o)
{
	o->sig = SIGKILL;
	o->delay_us = -1;
	int c;
	while ((c = getopt(argc, argv, "s:d:g:i:o:e:")) != -1) {
		switch (c) {
		case 's': o->sig = atoi(optarg); break;
		case 'd': o->delay_us = atol(optarg); break;
		case 'g': o->grows = optarg; break;
		case 'i': o->in = optarg; break;
		case 'o': o->out = optarg; break;
		case 'e': o->err = optarg; break;
		default: usage();
		}
	}
	if (optind >= argc)
		usage();
	o->argv = argv + optind;
}

static void redirect(const char *path, int fd, int flags)
{
	if (!path)
		return;
	int f = open(path, flags, 0644);
	if (f < 0 || dup2(f, fd) < 0) {
		perror(path);
		_exit(127);
	}
	close(f);
}

static void child(const struct opts *o)
{
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	redirect(o->in, 0, O_RDONLY);
	redirect(o->out, 1, O_WRONLY | O_CREAT | O_TRUNC);
	redirect(o->err, 2, O_WRONLY | O_CREAT | O_TRUNC);
	execvp(o->argv[0], o->argv);
	perror(o->argv[0]);
	_exit(127);
}

static long long size_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	struct opts o = {0};
	parse(argc, argv, &o);
	long long start_size = o.grows ? size_of(o.grows) : 0;
	long long start = now_us();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0)
		child(&o);
	bool sent = false;
	int st;
	struct timespec nap = {0, 50 * 1000};
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			perror("waitpid");
			return 2;
		}
		bool due = (o.delay_us >= 0 && now_us() - start >= o.delay_us) ||
			   (o.grows && size_of(o.grows) != start_size);
		siginfo_t info = {0};
		if (!sent && due && waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    info.si_pid == 0) { /* still running, not a zombie */
			kill(pid, o.sig);
			sent = true;
		}
		nanosleep(&nap, NULL);
	}
	if (WIFSIGNALED(st))
		printf("signal %d %s\n", WTERMSIG(st), sent ? "sent" : "unsent");
	else
		printf("exit %d %s\n", WEXITSTATUS(st), sent ? "sent" : "unsent");
	return 0;
}
