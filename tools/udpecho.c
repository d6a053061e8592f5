/*
 * udpecho: a trivial UDP echo server that measures the load generator's own ceiling
 * (scripts/bench-vs-chrony.sh). It answers every datagram with its own bytes, except that the
 * transmit timestamp (bytes 40..47) is copied to the origin field (24..31), as an NTP server
 * would, so tools/ntsload matches the answers exactly as it matches a real server's.
 * recvmmsg/sendmmsg batches of 64 keep it far from being the limit.
 * On SIGTERM or SIGINT it prints the datagrams it echoed and its own CPU time per datagram
 * (getrusage): with no crypto and no parsing that is the kernel's cost of one loopback
 * receive + send, the floor under any server measured by the same generator.
 *
 * usage: udpecho IP PORT        (runs until SIGTERM/SIGINT)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>

#define BATCH 64

static volatile sig_atomic_t stop_requested;
static void request_stop(int sig) { (void)sig; stop_requested = 1; }

static double tv_us(struct timeval tv) { return tv.tv_sec * 1e6 + tv.tv_usec; }

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: udpecho IP PORT\n"); return 2; }
    struct sockaddr_storage ss = {0};
    socklen_t sl;
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, argv[1], &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET; s4->sin_port = htons((unsigned short)atoi(argv[2])); sl = sizeof *s4;
    } else if (inet_pton(AF_INET6, argv[1], &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6; s6->sin6_port = htons((unsigned short)atoi(argv[2])); sl = sizeof *s6;
    } else { fprintf(stderr, "udpecho: numeric address needed\n"); return 2; }
    int fd = socket(ss.ss_family, SOCK_DGRAM, 0);
    int big = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    if (fd < 0 || bind(fd, (struct sockaddr *)&ss, sl) != 0) { perror("udpecho: bind"); return 2; }
    /* no SA_RESTART: a blocked recvmmsg returns EINTR, so the loop sees the request */
    struct sigaction sa = {0};
    sa.sa_handler = request_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    unsigned long long echoed = 0;
    static struct mmsghdr msg[BATCH];
    static struct iovec iov[BATCH];
    static struct sockaddr_storage from[BATCH];
    static unsigned char buf[BATCH][2048];
    while (!stop_requested) {
        for (int i = 0; i < BATCH; i++) {
            iov[i].iov_base = buf[i];
            iov[i].iov_len = sizeof buf[i];
            memset(&msg[i].msg_hdr, 0, sizeof msg[i].msg_hdr);
            msg[i].msg_hdr.msg_iov = &iov[i];
            msg[i].msg_hdr.msg_iovlen = 1;
            msg[i].msg_hdr.msg_name = &from[i];
            msg[i].msg_hdr.msg_namelen = sizeof from[i];
        }
        int n = recvmmsg(fd, msg, BATCH, MSG_WAITFORONE, NULL);
        if (n <= 0) continue;
        for (int i = 0; i < n; i++) {
            iov[i].iov_len = msg[i].msg_len;
            if (msg[i].msg_len >= 48) memcpy(buf[i] + 24, buf[i] + 40, 8);
        }
        int sent = sendmmsg(fd, msg, (unsigned)n, 0);
        if (sent > 0) echoed += (unsigned long long)sent;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double user = tv_us(ru.ru_utime), sys = tv_us(ru.ru_stime);
    printf("udpecho: echoed=%llu user_us=%.0f sys_us=%.0f cpu_us_per_packet=%.3f\n", echoed, user, sys,
           echoed ? (user + sys) / (double)echoed : 0.0);
    return 0;
}
