/* cpis-team.h: a team of a local authority, which a notification can be
 * assigned to (docs/api.md, "The LA's teams and social workers") */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CPIS_TYPE_TEAM (cpis_team_get_type ())

G_DECLARE_FINAL_TYPE (CpisTeam, cpis_team, CPIS, TEAM, GObject)

/* Properties (construct-only, readable):
 *   "id"    string  the team's id (https://cpis-desktop.gnome.example/Id/team),
 *                   as a Task's owner:identifier gives it; never NULL
 *   "name"  string  e.g. "Duty and assessment team"; may be NULL
 */

CpisTeam   *cpis_team_new      (const char *id,
                                const char *name);
const char *cpis_team_get_id   (CpisTeam   *self);
const char *cpis_team_get_name (CpisTeam   *self);

G_END_DECLS
