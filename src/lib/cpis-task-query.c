/* cpis-task-query.c: what a search for notifications asks the hub for */

#include <gio/gio.h>

#include "cpis-task-query.h"

#include "cpis-fhir-codec.h"
#include "cpis-nhs-number.h"

void
cpis_task_query_init (CpisTaskQuery *query)
{
  g_return_if_fail (query != NULL);

  *query = (CpisTaskQuery) {
    .statuses = 0,
    .kind = CPIS_TASK_KIND_UNRECOGNISED,
    .owner_kind = CPIS_TASK_OWNER_WORKER,
    .area = CPIS_TASK_AREA_ANY,
    .sort = CPIS_TASK_SORT_AUTHORED_ON,
    .ascending = FALSE,
  };
}

static void
add_param (GString    *query,
           const char *name,
           const char *prefix,
           const char *value)
{
  /* ":" and "/" may stand in a query as they are; "|", "+" and the rest are escaped */
  g_autofree char *escaped = g_uri_escape_string (value, ":/", FALSE);

  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_printf (query, "%s=%s%s", name, prefix != NULL ? prefix : "", escaped);
}

/* An instant in UTC, "2026-12-02T09:00:00.250000+00:00" (escaped when added) */
static void
add_instant (GString    *query,
             const char *name,
             const char *prefix,
             GDateTime  *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *text = NULL;

  if (g_date_time_get_microsecond (utc) != 0)
    text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%f%:z");
  else
    text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S%:z");
  add_param (query, name, prefix, text);
}

static const char *
sort_name (CpisTaskSort sort)
{
  switch (sort)
    {
    case CPIS_TASK_SORT_LAST_UPDATED:
      return "_lastUpdated";
    case CPIS_TASK_SORT_STATUS:
      return "status";
    case CPIS_TASK_SORT_AUTHORED_ON:
    default:
      return "authored-on";
    }
}

char *
cpis_task_query_to_string (const CpisTaskQuery  *query,
                           GError              **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query->statuses != 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < CPIS_TASK_N_STATUSES; i++)
        if (query->statuses & CPIS_TASK_STATUS_BIT (i))
          {
            if (list->len > 0)
              g_string_append_c (list, ',');
            g_string_append (list, cpis_task_status_to_string ((CpisTaskStatus) i));
          }
      /* the list's commas separate values: not escaped */
      if (text->len > 0)
        g_string_append_c (text, '&');
      g_string_append_printf (text, "status=%s", list->str);
    }

  if (cpis_task_kind_to_code (query->kind) != NULL)
    add_param (text, "code", NULL, cpis_task_kind_to_code (query->kind));

  if (query->nhs_number != NULL)
    {
      g_autofree char *digits = cpis_nhs_number_parse (query->nhs_number, error);
      g_autofree char *token = NULL;

      if (digits == NULL)
        return NULL;
      token = g_strconcat (CPIS_NHS_NUMBER_SYSTEM, "|", digits, NULL);
      add_param (text, "patient:identifier", NULL, token);
    }

  if (query->owner_id != NULL)
    {
      g_autofree char *token = NULL;

      if (*query->owner_id == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The owner searched for has no id");
          return NULL;
        }

      switch (query->owner_kind)
        {
        case CPIS_TASK_OWNER_LOCAL_AUTHORITY:
          token = g_strconcat (CPIS_ODS_CODE_SYSTEM, "|", query->owner_id, NULL);
          add_param (text, "owner:identifier", NULL, token);
          break;

        case CPIS_TASK_OWNER_TEAM:
          token = g_strconcat (CPIS_TEAM_SYSTEM, "|", query->owner_id, NULL);
          add_param (text, "owner:identifier", NULL, token);
          break;

        case CPIS_TASK_OWNER_WORKER:
        default:
          token = g_strconcat ("PractitionerRole/", query->owner_id, NULL);
          add_param (text, "owner", NULL, token);
          break;
        }
    }

  if (query->authored_from != NULL)
    add_instant (text, "authored-on", "ge", query->authored_from);
  if (query->authored_before != NULL)
    add_instant (text, "authored-on", "lt", query->authored_before);
  if (query->updated_since != NULL)
    add_instant (text, "_lastUpdated", "gt", query->updated_since);

  if (query->area != CPIS_TASK_AREA_ANY)
    add_param (text, "out-of-area", NULL,
               query->area == CPIS_TASK_AREA_OUT_OF_AREA ? "true" : "false");

  add_param (text, "_sort", query->ascending ? NULL : "-", sort_name (query->sort));

  if (query->count > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", MIN (query->count, CPIS_TASK_QUERY_MAX_COUNT));

      add_param (text, "_count", NULL, count);
    }

  if (query->offset > 0)
    {
      g_autofree char *offset = g_strdup_printf ("%u", query->offset);

      add_param (text, "_offset", NULL, offset);
    }

  if (query->include_access)
    add_param (text, "_include", NULL, "Task:focus");

  return g_string_free (g_steal_pointer (&text), FALSE);
}
