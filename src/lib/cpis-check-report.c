/* cpis-check-report.c: a check's answer written out as text or JSON */

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cpis-check-report.h"

#include "cpis-access-event.h"
#include "cpis-date.h"
#include "cpis-nhs-number.h"
#include "cpis-plan-type.h"
#include "cpis-plan.h"

static CpisPlan *
first_active_plan (CpisCheckResult *result)
{
  GListModel *plans = cpis_check_result_get_plans (result);

  for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);

      if (cpis_plan_is_active (plan))
        return g_steal_pointer (&plan);
    }
  return NULL;
}

static char *
date_words (const char *date)
{
  char *words = date != NULL ? cpis_date_format_uk (date) : NULL;

  return words != NULL ? words : g_strdup (date != NULL ? date : "");
}

static void
append_plan (GString  *out,
             CpisPlan *plan)
{
  g_autofree char *start = date_words (cpis_plan_get_start_date (plan));
  const char *type = _(cpis_plan_type_to_label (cpis_plan_get_plan_type (plan)));

  if (cpis_plan_is_active (plan))
    g_string_append_printf (out, _("Plan: %s, active, from %s\n"), type, start);
  else
    {
      g_autofree char *end = date_words (cpis_plan_get_end_date (plan));

      g_string_append_printf (out, _("Plan: %s, ENDED %s (from %s)\n"), type, end, start);
    }
  if (cpis_plan_get_due_date (plan) != NULL)
    {
      g_autofree char *due = date_words (cpis_plan_get_due_date (plan));

      g_string_append_printf (out, _("  Due date: %s\n"), due);
    }
  g_string_append_printf (out, _("  Local authority: %s (%s)\n"),
                          cpis_plan_get_la_name (plan) != NULL ? cpis_plan_get_la_name (plan) : _("not given"),
                          cpis_plan_get_la_ods_code (plan) != NULL ? cpis_plan_get_la_ods_code (plan) : "");
  g_string_append_printf (out, _("  Office hours: %s\n"),
                          cpis_plan_get_phone_office (plan) != NULL ? cpis_plan_get_phone_office (plan)
                                                                    : _("not given"));
  g_string_append_printf (out, _("  Emergency duty: %s\n"),
                          cpis_plan_get_phone_emergency (plan) != NULL ? cpis_plan_get_phone_emergency (plan)
                                                                       : _("not given"));
}

static void
append_history (GString         *out,
                CpisCheckResult *result)
{
  GListModel *history = cpis_check_result_get_access_history (result);
  guint n = g_list_model_get_n_items (history);

  if (cpis_check_result_get_history_state (result) == CPIS_FETCH_FAILED)
    {
      const GError *error = cpis_check_result_get_history_error (result);

      g_string_append_printf (out, _("Access history: could not be fetched: %s\n"),
                              error != NULL ? error->message : _("no reason given"));
      return;
    }

  g_string_append_printf (out, _("Access history (%u):\n"), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CpisAccessEvent) event = g_list_model_get_item (history, i);
      g_autofree char *when = cpis_date_time_format_uk (cpis_access_event_get_recorded (event));
      const char *job = cpis_access_event_get_job_role_display (event);

      g_string_append_printf (out, "  %s  %s  %s  %s\n", when,
                              cpis_access_event_get_organisation_display (event) != NULL
                                ? cpis_access_event_get_organisation_display (event)
                                : "",
                              job != NULL ? job : "",
                              cpis_access_event_get_viewer_name (event) != NULL
                                ? cpis_access_event_get_viewer_name (event)
                                : "");
    }
  if (cpis_check_result_get_history_partial (result))
    g_string_append (out, _("  (the newest only: older accesses may be left out)\n"));
}

char *
cpis_check_report_text (CpisCheckResult *result)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(CpisPlan) active = NULL;
  g_autofree char *number = NULL;
  g_autofree char *checked = NULL;
  GListModel *plans;
  const char *name;

  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (result), NULL);
  g_return_val_if_fail (cpis_check_result_get_outcome (result) != CPIS_CHECK_OUTCOME_FAILED, NULL);

  number = cpis_nhs_number_format (cpis_check_result_get_nhs_number (result));
  checked = cpis_date_time_format_uk (cpis_check_result_get_checked_at (result));
  name = cpis_check_result_get_subject_name (result);
  plans = cpis_check_result_get_plans (result);
  active = first_active_plan (result);

  if (cpis_check_result_get_outcome (result) == CPIS_CHECK_OUTCOME_NO_RECORD)
    g_string_append_printf (out, _("NO RECORD: CP-IS has no plan for NHS number %s\n"), number);
  else if (active != NULL)
    g_string_append_printf (out, _("ACTIVE PLAN: %s — %s, NHS number %s\n"),
                            _(cpis_plan_type_to_label (cpis_plan_get_plan_type (active))),
                            name != NULL ? name : _("name not given"), number);
  else
    g_string_append_printf (out, _("NO ACTIVE PLAN: ended plans only — %s, NHS number %s\n"),
                            name != NULL ? name : _("name not given"), number);

  g_string_append_printf (out,
                          cpis_check_result_get_care_setting (result) == CPIS_CARE_SETTING_UNSCHEDULED
                            ? _("Checked %s (unscheduled care: recorded, and the local authority told)\n")
                            : _("Checked %s (scheduled care: not recorded)\n"),
                          checked);

  for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);

      append_plan (out, plan);
    }
  append_history (out, result);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* JSON -------------------------------------------------------------------- */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
builder_text (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

char *
cpis_check_report_json (CpisCheckResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(CpisPlan) active = NULL;
  g_autofree char *checked = NULL;
  GListModel *plans;
  GListModel *history;
  CpisFetchState history_state;

  g_return_val_if_fail (CPIS_IS_CHECK_RESULT (result), NULL);
  g_return_val_if_fail (cpis_check_result_get_outcome (result) != CPIS_CHECK_OUTCOME_FAILED, NULL);

  plans = cpis_check_result_get_plans (result);
  history = cpis_check_result_get_access_history (result);
  history_state = cpis_check_result_get_history_state (result);
  active = first_active_plan (result);
  checked = g_date_time_format_iso8601 (cpis_check_result_get_checked_at (result));

  json_builder_begin_object (builder);
  add_string (builder, "nhsNumber", cpis_check_result_get_nhs_number (result));
  add_string (builder, "outcome",
              cpis_check_result_get_outcome (result) == CPIS_CHECK_OUTCOME_NO_RECORD ? "no-record" : "plans-found");
  json_builder_set_member_name (builder, "activePlan");
  json_builder_add_boolean_value (builder, active != NULL);
  add_string (builder, "checkedAt", checked);
  add_string (builder, "careSetting",
              cpis_check_result_get_care_setting (result) == CPIS_CARE_SETTING_UNSCHEDULED ? "unscheduled"
                                                                                           : "scheduled");
  add_string (builder, "subjectName", cpis_check_result_get_subject_name (result));

  json_builder_set_member_name (builder, "plans");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(CpisPlan) plan = g_list_model_get_item (plans, i);

      json_builder_begin_object (builder);
      add_string (builder, "type", cpis_plan_type_to_short_code (cpis_plan_get_plan_type (plan)));
      add_string (builder, "display", cpis_plan_type_to_label (cpis_plan_get_plan_type (plan)));
      json_builder_set_member_name (builder, "active");
      json_builder_add_boolean_value (builder, cpis_plan_is_active (plan));
      add_string (builder, "start", cpis_plan_get_start_date (plan));
      add_string (builder, "end", cpis_plan_get_end_date (plan));
      add_string (builder, "due", cpis_plan_get_due_date (plan));
      json_builder_set_member_name (builder, "localAuthority");
      json_builder_begin_object (builder);
      add_string (builder, "name", cpis_plan_get_la_name (plan));
      add_string (builder, "odsCode", cpis_plan_get_la_ods_code (plan));
      add_string (builder, "phoneOffice", cpis_plan_get_phone_office (plan));
      add_string (builder, "phoneEmergency", cpis_plan_get_phone_emergency (plan));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "accessHistory");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(CpisAccessEvent) event = g_list_model_get_item (history, i);
      g_autofree char *when = g_date_time_format_iso8601 (cpis_access_event_get_recorded (event));

      json_builder_begin_object (builder);
      add_string (builder, "recorded", when);
      add_string (builder, "organisation", cpis_access_event_get_organisation_display (event));
      add_string (builder, "jobRole", cpis_access_event_get_job_role_display (event));
      add_string (builder, "viewer", cpis_access_event_get_viewer_name (event));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "accessHistoryComplete");
  json_builder_add_boolean_value (builder,
                                  history_state == CPIS_FETCH_DONE && !cpis_check_result_get_history_partial (result));
  if (history_state == CPIS_FETCH_FAILED && cpis_check_result_get_history_error (result) != NULL)
    add_string (builder, "accessHistoryError", cpis_check_result_get_history_error (result)->message);
  json_builder_end_object (builder);
  return builder_text (builder);
}

char *
cpis_check_report_json_failed (const char *nhs_number,
                               const char *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "nhsNumber", nhs_number);
  add_string (builder, "outcome", "could-not-check");
  add_string (builder, "reason", reason);
  json_builder_end_object (builder);
  return builder_text (builder);
}
