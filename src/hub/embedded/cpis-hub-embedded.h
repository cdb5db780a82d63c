/* cpis-hub-embedded.h: the demo hub, in process
 *
 * The same hub code on a loopback port, in a thread of its own, on a seeded
 * database in a temporary folder that is deleted when the hub stops.
 *
 * The application's one seam to the hub: this header is alone in its folder,
 * and the application's build sees that folder and not the hub's others
 * (cpis_hub_embedded_dep), so it can use nothing else of the hub.
 */
#pragma once

#include <gio/gio.h>

#include "cpis-demo-account.h"

G_BEGIN_DECLS

#define CPIS_HUB_TYPE_EMBEDDED (cpis_hub_embedded_get_type ())

G_DECLARE_FINAL_TYPE (CpisHubEmbedded, cpis_hub_embedded, CPIS_HUB, EMBEDDED, GObject)

/* Creates the database, seeds @n_children children (seed 1) and starts
 * serving on 127.0.0.1 with a free port. */
CpisHubEmbedded *cpis_hub_embedded_start             (guint             n_children,
                                                      GError          **error);
const char      *cpis_hub_embedded_get_base_url      (CpisHubEmbedded  *self);
/* CpisDemoAccount, one per role */
GPtrArray       *cpis_hub_embedded_get_demo_accounts (CpisHubEmbedded  *self);
/* NHS numbers to try (owned by the hub): children with a plan to show today,
 * one of each kind the clinician view shows differently (@with_plan), or up
 * to five with no record at all */
GStrv            cpis_hub_embedded_get_examples      (CpisHubEmbedded  *self,
                                                      gboolean          with_plan);
/* What each example shows, in the same order (owned by the hub). With a
 * plan: "cpp", "lac", "ended-and-active", "ended-only", "ucpp-past-due", "ucpp",
 * "two-councils", "restricted", "name-differs";
 * without: "superseded" (a replaced NHS number) or "no-record" */
GStrv            cpis_hub_embedded_get_example_kinds (CpisHubEmbedded  *self,
                                                      gboolean          with_plan);
/* The hub's database path (for tests and the notification count) */
const char      *cpis_hub_embedded_get_db_path       (CpisHubEmbedded  *self);
/* Stops serving and deletes the database; also done on finalize */
void             cpis_hub_embedded_stop              (CpisHubEmbedded  *self);

G_END_DECLS
