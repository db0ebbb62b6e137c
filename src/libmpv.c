/* libmpv.c - libmpv.so.2 opened at the first libmpv_load; the client API
 * functions tplay calls, each passed on to it (see libmpv.h for why). */
#include "libmpv.h"

#include "fatal.h"
#include "xmem.h"

#include <dlfcn.h>
#include <mpv/client.h>
#include <mpv/render.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* Every libmpv function tplay calls: F(return type, name, parameters,
 * arguments), V(name, parameters, arguments) for those that return
 * nothing.  The definitions below repeat <mpv/client.h>'s prototypes, so
 * the compiler checks each line against libmpv's own header. */
#define LIBMPV_FUNCTIONS(F, V)                                               \
    F(mpv_handle *, mpv_create, (void), ())                                  \
    F(int, mpv_initialize, (mpv_handle *ctx), (ctx))                         \
    V(mpv_terminate_destroy, (mpv_handle *ctx), (ctx))                       \
    F(const char *, mpv_error_string, (int error), (error))                  \
    V(mpv_free, (void *data), (data))                                        \
    V(mpv_free_node_contents, (mpv_node *node), (node))                      \
    F(int, mpv_set_option_string,                                            \
      (mpv_handle *ctx, const char *name, const char *data),                 \
      (ctx, name, data))                                                     \
    F(int, mpv_command, (mpv_handle *ctx, const char **args), (ctx, args))   \
    F(int, mpv_command_ret,                                                  \
      (mpv_handle *ctx, const char **args, mpv_node *result),                \
      (ctx, args, result))                                                   \
    F(int, mpv_command_async,                                                \
      (mpv_handle *ctx, uint64_t reply_userdata, const char **args),         \
      (ctx, reply_userdata, args))                                           \
    F(int, mpv_get_property,                                                 \
      (mpv_handle *ctx, const char *name, mpv_format format, void *data),    \
      (ctx, name, format, data))                                             \
    F(char *, mpv_get_property_string, (mpv_handle *ctx, const char *name),  \
      (ctx, name))                                                           \
    F(int, mpv_set_property_string,                                          \
      (mpv_handle *ctx, const char *name, const char *data),                 \
      (ctx, name, data))                                                     \
    F(int, mpv_observe_property,                                             \
      (mpv_handle *mpv, uint64_t reply_userdata, const char *name,           \
       mpv_format format),                                                   \
      (mpv, reply_userdata, name, format))                                   \
    F(int, mpv_request_log_messages,                                         \
      (mpv_handle *ctx, const char *min_level), (ctx, min_level))            \
    F(mpv_event *, mpv_wait_event, (mpv_handle *ctx, double timeout),        \
      (ctx, timeout))                                                        \
    V(mpv_set_wakeup_callback,                                               \
      (mpv_handle *ctx, void (*cb)(void *d), void *d), (ctx, cb, d))         \
    F(int, mpv_hook_add,                                                     \
      (mpv_handle *ctx, uint64_t reply_userdata, const char *name,           \
       int priority),                                                        \
      (ctx, reply_userdata, name, priority))                                 \
    F(int, mpv_hook_continue, (mpv_handle *ctx, uint64_t id), (ctx, id))     \
    F(int, mpv_render_context_create,                                        \
      (mpv_render_context **res, mpv_handle *mpv, mpv_render_param *params), \
      (res, mpv, params))                                                    \
    V(mpv_render_context_free, (mpv_render_context *ctx), (ctx))             \
    F(int, mpv_render_context_get_info,                                      \
      (mpv_render_context *ctx, mpv_render_param param), (ctx, param))       \
    F(int, mpv_render_context_render,                                        \
      (mpv_render_context *ctx, mpv_render_param *params), (ctx, params))    \
    V(mpv_render_context_set_update_callback,                                \
      (mpv_render_context *ctx, mpv_render_update_fn callback,               \
       void *callback_ctx),                                                  \
      (ctx, callback, callback_ctx))                                         \
    F(uint64_t, mpv_render_context_update, (mpv_render_context *ctx), (ctx))

/* The functions found in libmpv.so.2, member by member. */
struct libmpv_api {
#define LIBMPV_MEMBER(ret, name, params, args) ret (*name) params;
#define LIBMPV_VOID_MEMBER(name, params, args) void (*name) params;
    LIBMPV_FUNCTIONS(LIBMPV_MEMBER, LIBMPV_VOID_MEMBER)
#undef LIBMPV_MEMBER
#undef LIBMPV_VOID_MEMBER
};

/* What libmpv_load found: the functions, or why there are none.  The
 * library belongs to the process, as it would had the dynamic linker
 * loaded it, so this is the one state kept here: written once, inside
 * pthread_once, and only read after (by any thread). */
static struct {
    pthread_once_t once;
    struct libmpv_api api;
    char *failure; /* NULL once loaded */
} libmpv_state = { PTHREAD_ONCE_INIT, { 0 }, NULL };

/* Look up one function, or NULL (with the reason kept) when it is missing. */
static void *libmpv_find(void *lib, const char *name)
{
    void *fn = dlsym(lib, name);

    if (!fn && !libmpv_state.failure)
        libmpv_state.failure =
            xasprintf(LIBMPV_SONAME " lacks %s (libmpv older than 0.35?); "
                      "install Debian's libmpv2 package", name);
    return fn;
}

static void libmpv_open(void)
{
    /* RTLD_NOW: a missing symbol fails here, not in mid-playback.
     * Never closed: libmpv's threads may outlive any one player. */
    void *lib = dlopen(LIBMPV_SONAME, RTLD_NOW | RTLD_LOCAL);
    struct libmpv_api api;

    if (!lib) {
        const char *why = dlerror();

        libmpv_state.failure =
            xasprintf("cannot load libmpv, which plays the files: %s "
                      "(install Debian's libmpv2 package)",
                      why ? why : LIBMPV_SONAME " not found");
        return;
    }
    /* POSIX guarantees that dlsym's object pointer converts to the
     * function's own pointer type. */
#define LIBMPV_FIND(ret, name, params, args)                                 \
    api.name = (ret (*) params)libmpv_find(lib, #name);
#define LIBMPV_VOID_FIND(name, params, args)                                 \
    LIBMPV_FIND(void, name, params, args)
    LIBMPV_FUNCTIONS(LIBMPV_FIND, LIBMPV_VOID_FIND)
#undef LIBMPV_FIND
#undef LIBMPV_VOID_FIND
    if (!libmpv_state.failure)
        libmpv_state.api = api;
}

int libmpv_load(char **err)
{
    pthread_once(&libmpv_state.once, libmpv_open);
    if (libmpv_state.failure) {
        *err = xstrdup(libmpv_state.failure);
        return -1;
    }
    return 0;
}

/* The function a forwarder passes on to, which must have been loaded. */
#define LIBMPV_CALLEE(name)                                                  \
    (libmpv_state.api.name ? libmpv_state.api.name                           \
                           : (fatal(#name " called before libmpv_load"),     \
                              libmpv_state.api.name))

#define LIBMPV_FORWARD(ret, name, params, args)                              \
    ret name params { return LIBMPV_CALLEE(name) args; }
#define LIBMPV_VOID_FORWARD(name, params, args)                              \
    void name params { LIBMPV_CALLEE(name) args; }
LIBMPV_FUNCTIONS(LIBMPV_FORWARD, LIBMPV_VOID_FORWARD)
