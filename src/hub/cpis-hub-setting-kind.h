/* cpis-hub-setting-kind.h: the kinds of unscheduled care setting the area
 * figures count by (docs/api.md, "Area figures")
 *
 * The store's organisation kind says only unscheduled or scheduled care; a
 * partnership wants its emergency departments told from its maternity
 * units. An unscheduled setting the hub was not told the kind of counts as
 * "other".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The last kind: an unscheduled setting of no known kind */
#define CPIS_HUB_SETTING_KIND_OTHER "other"

/* The known kinds, in the order figures list them, then "other"; NULL-terminated */
const char * const *cpis_hub_setting_kinds         (void);
/* Its place in cpis_hub_setting_kinds(); "other"'s for NULL or an unknown one */
guint               cpis_hub_setting_kind_index    (const char *code);
/* Whether @code is a kind the store keeps (not "other") */
gboolean            cpis_hub_setting_kind_is_known (const char *code);
/* In words: "Emergency department" */
const char         *cpis_hub_setting_kind_display  (const char *code);

G_END_DECLS
