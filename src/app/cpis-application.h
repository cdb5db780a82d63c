/* cpis-application.h: CP-IS Desktop, the application */
#pragma once

#include <adwaita.h>

#include "cpis-demo-account.h"

G_BEGIN_DECLS

#define CPIS_TYPE_APPLICATION (cpis_application_get_type ())

G_DECLARE_FINAL_TYPE (CpisApplication, cpis_application, CPIS, APPLICATION, AdwApplication)

CpisApplication *cpis_application_new               (void);
/* The hub the sign-in page offers: --hub URL, else the "hub-url" setting,
 * else the embedded demo hub's URL */
const char      *cpis_application_get_hub_url       (CpisApplication *self);
/* The embedded demo hub's accounts (CpisDemoAccount), or NULL when no demo
 * hub runs */
GPtrArray       *cpis_application_get_demo_accounts (CpisApplication *self);
GSettings       *cpis_application_get_settings      (CpisApplication *self);
/* What each demo child shows, in words ("with a looked-after plan"), in the
 * order of cpis_application_get_demo_examples (@with_plan); NULL outside a
 * demo. Free with g_strfreev(). */
GStrv            cpis_application_dup_demo_example_descriptions (CpisApplication *self,
                                                                 gboolean         with_plan);
/* NHS numbers to try on the embedded demo hub (owned by it), or NULL */
GStrv            cpis_application_get_demo_examples (CpisApplication *self,
                                                     gboolean         with_plan);

G_END_DECLS
