/* cpis-social-worker-view.h: a local authority's notifications, arriving
 * live, and acted on
 *
 * A sidebar of views (open, in progress, done, all) and scopes (today, this
 * week, out of area, assigned to me), each with its count; the inbox as a
 * table, searchable and sorted by any column; one notification opened with
 * its child. The first page of the authority's notifications is shown as
 * soon as it arrives, the rest are loaded behind it. Nothing of them is
 * written anywhere: they live in the session, and go with it.
 */
#pragma once

#include <adwaita.h>

#include "cpis-session.h"

G_BEGIN_DECLS

#define CPIS_TYPE_SOCIAL_WORKER_VIEW (cpis_social_worker_view_get_type ())

G_DECLARE_FINAL_TYPE (CpisSocialWorkerView, cpis_social_worker_view, CPIS, SOCIAL_WORKER_VIEW, GtkWidget)

CpisSocialWorkerView *cpis_social_worker_view_new          (void);
/* The session the view follows: signed in as a social worker, it loads the
 * authority's notifications and keeps them live; signed out, it forgets
 * them. A 401 expires the session; signed in again, the view carries on. */
void                  cpis_social_worker_view_set_session  (CpisSocialWorkerView *self,
                                                            CpisSession          *session);
void                  cpis_social_worker_view_reset        (CpisSocialWorkerView *self);
/* Moves the focus to the search (Ctrl+F) */
void                  cpis_social_worker_view_focus_search (CpisSocialWorkerView *self);

G_END_DECLS
