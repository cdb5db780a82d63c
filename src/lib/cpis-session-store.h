/* cpis-session-store.h: what this session has fetched, in memory only
 *
 * Nothing here is ever written anywhere. Emptied on sign-out and on lock.
 */
#pragma once

#include <gio/gio.h>

#include "cpis-check-result.h"

G_BEGIN_DECLS

#define CPIS_TYPE_SESSION_STORE (cpis_session_store_get_type ())

G_DECLARE_FINAL_TYPE (CpisSessionStore, cpis_session_store, CPIS, SESSION_STORE, GObject)

/* Property "checks" (GListModel, read-only): the same model as _get_checks ().
 * Signal "cleared" (no arguments): emitted by _clear (), after the model emptied. */

CpisSessionStore *cpis_session_store_new        (void);
/* Adds a check; the newest comes first in the model */
void              cpis_session_store_add        (CpisSessionStore *self,
                                                 CpisCheckResult  *result);
/* GListModel of CpisCheckResult, newest first (the "recent checks" list) */
GListModel       *cpis_session_store_get_checks (CpisSessionStore *self);
/* The newest check of this child, or NULL */
CpisCheckResult  *cpis_session_store_lookup     (CpisSessionStore *self,
                                                 const char       *nhs_number);
/* Drops every result (the model empties; emits "cleared") */
void              cpis_session_store_clear      (CpisSessionStore *self);

G_END_DECLS
