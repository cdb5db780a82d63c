/* cpis-social-worker-view-private.h: what the tests look at */
#pragma once

#include "cpis-inbox-table.h"
#include "cpis-social-worker-view.h"
#include "cpis-task-detail.h"
#include "cpis-task-feed.h"
#include "cpis-task-inbox.h"

G_BEGIN_DECLS

CpisTaskInbox  *_cpis_social_worker_view_get_inbox    (CpisSocialWorkerView *self);
CpisInboxTable *_cpis_social_worker_view_get_table    (CpisSocialWorkerView *self);
CpisTaskDetail *_cpis_social_worker_view_get_detail   (CpisSocialWorkerView *self);
/* "inbox" or "notification" */
const char     *_cpis_social_worker_view_get_page     (CpisSocialWorkerView *self);
/* Whether every page of the authority's notifications is in */
gboolean        _cpis_social_worker_view_is_loaded    (CpisSocialWorkerView *self);
/* How many desktop notifications were sent in this session */
guint           _cpis_social_worker_view_get_n_alerts (CpisSocialWorkerView *self);
/* Whether the authority's teams and social workers have been listed */
gboolean        _cpis_social_worker_view_has_assignees (CpisSocialWorkerView *self);

/* The live feed, while signed in (NULL otherwise) */
CpisTaskFeed   *_cpis_social_worker_view_get_feed     (CpisSocialWorkerView *self);

G_END_DECLS
