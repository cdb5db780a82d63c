/* cpis-access-pattern.c: spotting repeated attendance in an access history
 *
 * Two rules, either of which shows a pattern:
 *  - CPIS_PATTERN_VISITS or more accesses in the last CPIS_PATTERN_VISITS_DAYS days;
 *  - CPIS_PATTERN_ORGANISATIONS or more different organisations in the last
 *    CPIS_PATTERN_ORGANISATIONS_DAYS days.
 * A window is [now - days, now]: both ends count, accesses after @now do not.
 * An access without its practitioner role counts as an access but not as an
 * organisation (we cannot tell where it was).
 */
#include <glib/gi18n-lib.h>

#include "cpis-access-pattern.h"

#include "cpis-access-event.h"

typedef struct
{
  guint       accesses;
  GHashTable *organisations;  /* casefolded key → NULL */
} Window;

/* The organisation an access was made from: its ODS code, or else its name.
 * Returns a newly allocated casefolded key, or NULL if unknown. */
static char *
organisation_key (CpisAccessEvent *event)
{
  CpisPractitionerRole *role = cpis_access_event_get_practitioner_role (event);
  const char *code;
  const char *name;
  g_autofree char *stripped = NULL;

  if (role == NULL)
    return NULL;

  code = cpis_practitioner_role_get_organisation_code (role);
  name = cpis_practitioner_role_get_organisation_name (role);

  if (code != NULL && *code != '\0')
    stripped = g_strstrip (g_strdup (code));
  else if (name != NULL && *name != '\0')
    stripped = g_strstrip (g_strdup (name));

  if (stripped == NULL || *stripped == '\0')
    return NULL;

  return g_utf8_casefold (stripped, -1);
}

static void
window_add (Window          *window,
            CpisAccessEvent *event)
{
  char *key = organisation_key (event);

  window->accesses++;
  if (key != NULL)
    g_hash_table_add (window->organisations, key);
}

char *
cpis_access_pattern_describe (GListModel *events,
                              GDateTime  *now)
{
  g_autoptr(GDateTime) visits_start = NULL;
  g_autoptr(GDateTime) organisations_start = NULL;
  g_autoptr(GHashTable) visits_organisations = NULL;
  g_autoptr(GHashTable) window_organisations = NULL;
  Window visits = { 0, NULL };
  Window organisations = { 0, NULL };
  gboolean visits_rule, organisations_rule;
  guint n_items;
  guint n_visit_organisations, n_organisations;
  g_autofree char *visits_text = NULL;
  g_autofree char *organisations_text = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (events), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  visits_start = g_date_time_add_days (now, -CPIS_PATTERN_VISITS_DAYS);
  organisations_start = g_date_time_add_days (now, -CPIS_PATTERN_ORGANISATIONS_DAYS);
  visits_organisations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  window_organisations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  visits.organisations = visits_organisations;
  organisations.organisations = window_organisations;

  n_items = g_list_model_get_n_items (events);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CpisAccessEvent) event = g_list_model_get_item (events, i);
      GDateTime *recorded;

      if (!CPIS_IS_ACCESS_EVENT (event))
        continue;

      recorded = cpis_access_event_get_recorded (event);
      if (recorded == NULL || g_date_time_compare (recorded, now) > 0)
        continue;

      if (g_date_time_compare (recorded, visits_start) >= 0)
        window_add (&visits, event);
      if (g_date_time_compare (recorded, organisations_start) >= 0)
        window_add (&organisations, event);
    }

  n_visit_organisations = g_hash_table_size (visits.organisations);
  n_organisations = g_hash_table_size (organisations.organisations);
  visits_rule = visits.accesses >= CPIS_PATTERN_VISITS;
  organisations_rule = n_organisations >= CPIS_PATTERN_ORGANISATIONS;

  if (!visits_rule && !organisations_rule)
    return NULL;

  if (visits_rule)
    {
      /* "4 accesses in the last 30 days" */
      visits_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u access in the last %d days",
                                                  "%u accesses in the last %d days",
                                                  visits.accesses),
                                     visits.accesses, CPIS_PATTERN_VISITS_DAYS);
    }

  if (visits_rule && (!organisations_rule || n_visit_organisations == n_organisations))
    {
      /* Every organisation of the longer window is in the shorter one too */
      if (n_visit_organisations >= 2)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Repeated attendance: %s at %u different organisation.",
                                             "Repeated attendance: %s at %u different organisations.",
                                             n_visit_organisations),
                                visits_text, n_visit_organisations);

      return g_strdup_printf (_("Repeated attendance: %s."), visits_text);
    }

  /* "3 different organisations in the last 90 days" */
  organisations_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u different organisation in the last %d days",
                                                     "%u different organisations in the last %d days",
                                                     n_organisations),
                                        n_organisations, CPIS_PATTERN_ORGANISATIONS_DAYS);

  if (visits_rule)
    return g_strdup_printf (_("Repeated attendance: %s; %s."), visits_text, organisations_text);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Repeated attendance: %u access at %s.",
                                       "Repeated attendance: %u accesses at %s.",
                                       organisations.accesses),
                          organisations.accesses, organisations_text);
}
