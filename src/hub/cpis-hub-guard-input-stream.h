/* cpis-hub-guard-input-stream.h: a connection's input, counted as it is read
 *
 * What libsoup reads of a connection passes through here (in
 * CpisHubGuardedConnection), so that the listener can count a request's
 * header bytes and refuse headers too large with an answer: libsoup 3.2
 * itself closes the connection without a word past its own 64 KiB.
 *
 * Each read is offered to the guard function first; when it says no, the
 * stream stalls: reads would block, and a source made for it does not
 * fire, so libsoup waits, reading nothing more, until the listener has
 * taken the connection from it (then cpis_hub_guard_input_stream_release
 * lets reads through again, for the lingering close) or fails it
 * (cpis_hub_guard_input_stream_fail: reads fail, and libsoup lets the
 * connection go).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether the @n bytes at @data, just read, may be given to the reader */
typedef gboolean (*CpisHubGuardFunc) (const guint8 *data,
                                      gsize         n,
                                      gpointer      user_data);

#define CPIS_HUB_TYPE_GUARD_INPUT_STREAM (cpis_hub_guard_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (CpisHubGuardInputStream, cpis_hub_guard_input_stream, CPIS_HUB,
                      GUARD_INPUT_STREAM, GFilterInputStream)

/* @base: pollable (a socket's input) */
GInputStream *cpis_hub_guard_input_stream_new     (GInputStream            *base,
                                                   CpisHubGuardFunc         func,
                                                   gpointer                 user_data);
/* No more guarding: reads pass through (@func is not called again) */
void          cpis_hub_guard_input_stream_release (CpisHubGuardInputStream *self);
/* Every read from now on fails */
void          cpis_hub_guard_input_stream_fail    (CpisHubGuardInputStream *self);

G_END_DECLS
