/* Benchmark helper: key-to-screen latency of a program in a tmux pane. One tmux control
 * client (no process per command) sends a key with send-keys, then polls capture-pane
 * until the pane shows the text the key should bring; keys alternate between two pairs,
 * 200 ms apart.
 *   tui-keys SOCKET CONTROL_SESSION TARGET COUNT KEY1 TEXT1 KEY2 TEXT2
 * Prints one line: "n=COUNT median_ms=M p95_ms=P max_ms=X floor_ms=F", floor being the
 * time of one capture-pane round trip (what the method itself adds at least). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_KEYS 200
#define TIMEOUT_MS 5000
#define GAP_US 200000        /* between keys: they land at different points of the loop */

static FILE *to_tmux, *from_tmux;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Reads the next %begin..%end block (notifications outside blocks are skipped) into out
 * (cap bytes). 0, or -1 when tmux went away. */
static int read_block(char *out, size_t cap)
{
    char line[8192];
    size_t used = 0;
    int in_block = 0;
    out[0] = '\0';
    while (fgets(line, sizeof line, from_tmux)) {
        if (!strncmp(line, "%begin ", 7)) {
            in_block = 1;
        } else if (in_block && (!strncmp(line, "%end ", 5) || !strncmp(line, "%error ", 7))) {
            return 0;
        } else if (in_block) {
            size_t n = strlen(line);
            if (used + n < cap) {
                memcpy(out + used, line, n + 1);
                used += n;
            }
        }
    }
    return -1;
}

/* Runs one tmux command and reads its output. */
static int command(const char *cmd, char *out, size_t cap)
{
    fprintf(to_tmux, "%s\n", cmd);
    fflush(to_tmux);
    return read_block(out, cap);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static pid_t start_client(const char *sock, const char *session)
{
    int in[2], out[2];
    if (pipe(in) || pipe(out))
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]), close(out[0]);
        execlp("tmux", "tmux", "-L", sock, "-C", "attach", "-t", session, (char *)NULL);
        _exit(127);
    }
    close(in[0]), close(out[1]);
    to_tmux = fdopen(in[1], "w");
    from_tmux = fdopen(out[0], "r");
    return pid;
}

int main(int argc, char **argv)
{
    static char screen[1 << 20];
    char cmd[512], capture[512];
    double lat[MAX_KEYS], floor_ms = 1e9;
    if (argc != 9 || atoi(argv[4]) <= 0 || atoi(argv[4]) > MAX_KEYS) {
        fprintf(stderr, "usage: tui-keys SOCKET CONTROL_SESSION TARGET COUNT KEY1 TEXT1 "
                "KEY2 TEXT2\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    pid_t pid = start_client(argv[1], argv[2]);
    int n = atoi(argv[4]);
    /* the attach answers with a block of its own: skip blocks up to our marker's */
    fprintf(to_tmux, "display-message -p tui-keys-ready\n");
    fflush(to_tmux);
    do
        if (read_block(screen, sizeof screen) != 0)
            return fprintf(stderr, "tui-keys: the tmux control client ended\n"), 1;
    while (!strstr(screen, "tui-keys-ready"));
    for (int i = 0; i < n; i++) {
        const char *key = argv[5 + 2 * (i % 2)], *want = argv[6 + 2 * (i % 2)];
        snprintf(cmd, sizeof cmd, "send-keys -t %s %s", argv[3], key);
        snprintf(capture, sizeof capture, "capture-pane -p -t %s", argv[3]);
        double t0 = now_ms();
        if (command(cmd, screen, sizeof screen) != 0)
            return 1;
        for (;;) {
            double c0 = now_ms();
            if (command(capture, screen, sizeof screen) != 0)
                return 1;
            double rt = now_ms() - c0;
            floor_ms = rt < floor_ms ? rt : floor_ms;
            if (strstr(screen, want))
                break;
            if (now_ms() - t0 > TIMEOUT_MS) {
                fprintf(stderr, "tui-keys: '%s' never showed '%s'\n%s", key, want, screen);
                return 1;
            }
        }
        lat[i] = now_ms() - t0;
        usleep(GAP_US);
    }
    fclose(to_tmux);
    fclose(from_tmux);
    waitpid(pid, NULL, 0);
    qsort(lat, (size_t)n, sizeof lat[0], cmp);
    printf("n=%d median_ms=%.1f p95_ms=%.1f max_ms=%.1f floor_ms=%.2f\n", n, lat[n / 2],
           lat[(n * 95 + 99) / 100 - 1], lat[n - 1], floor_ms);
    return 0;
}
