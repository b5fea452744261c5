#ifndef SDCUSTODY_CFFMPEG_SHIM_H
#define SDCUSTODY_CFFMPEG_SHIM_H
/* FFmpeg's libraries for the sandboxed media helper (sdcustody-media). Without a -dev package
   the build stops here with one line naming it. */
#if !__has_include(<libavformat/avformat.h>)
#error "FFmpeg's libavformat headers are missing: apt-get install libavformat-dev (tools/setup installs it)"
#endif
#if !__has_include(<libavcodec/avcodec.h>)
#error "FFmpeg's libavcodec headers are missing: apt-get install libavcodec-dev (tools/setup installs it)"
#endif
#if !__has_include(<libswscale/swscale.h>)
#error "FFmpeg's libswscale headers are missing: apt-get install libswscale-dev (tools/setup installs it)"
#endif
#if !__has_include(<libavutil/avutil.h>)
#error "FFmpeg's libavutil headers are missing: apt-get install libavutil-dev (tools/setup installs it)"
#endif
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/mem.h>
#include <libavutil/log.h>
#include <libavutil/dict.h>

/* Function-like macros Swift cannot import. */
static inline int sdc_averror_eof(void) { return AVERROR_EOF; }
static inline int sdc_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int sdc_averror_errno(int e) { return AVERROR(e); }
static inline int sdc_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int64_t sdc_nopts(void) { return AV_NOPTS_VALUE; }
static inline int sdc_avseek_size(void) { return AVSEEK_SIZE; }
static inline int sdc_avseek_force(void) { return AVSEEK_FORCE; }
static inline int sdc_mktag(char a, char b, char c, char d) { return (int)MKTAG(a, b, c, d); }
/* FFmpeg must never open a path or URL itself: a demuxer that wants a second file (HLS, concat,
   image sequences, DASH) is refused, so only the custom AVIOContext's bytes are ever read. */
static int sdc_refuse_open(struct AVFormatContext *s, AVIOContext **pb, const char *url, int flags,
                           AVDictionary **options) {
    (void)s; (void)pb; (void)url; (void)flags; (void)options;
    return AVERROR(EPERM);
}
static inline void sdc_forbid_nested_open(AVFormatContext *s) { s->io_open = sdc_refuse_open; }
/* For the helper's sandbox: prctl is variadic and Swift does not import it. */
#include <sys/prctl.h>
static inline void sdc_harden_process(void) {
    (void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
#endif
