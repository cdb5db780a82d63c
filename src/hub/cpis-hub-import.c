/* cpis-hub-import.c: CSV imports of demographics and of LA plan uploads
 *
 * The files are read by cpis-csv.c (src/lib, which the client core reads
 * them with too), which says the dialect: UTF-8, RFC
 * 4180 tolerantly, the first row the exact header (names compared
 * case-insensitively).
 *
 * Demographics (patients) import: every row is checked before anything is
 * written, so a bad row fails the whole file with a GError naming its line.
 * Rows are upserts keyed on the NHS number. After the six columns the header
 * may name, in either order, "restricted" (true or false; empty is false) and
 * "superseded_by" (the NHS number that replaced this one: in the same file
 * or already in the hub; empty is none). A file without one of them leaves
 * what the hub holds as it is, so that a plain demographics file never lifts
 * a restriction.
 *
 * Plans import (an LA upload) answers with the CP-IS upload response codes of
 * the HL7 v3 message specification. Each record is checked in this order and
 * gets the first code that applies:
 *
 *   CPR07  the row has the wrong number of fields
 *   CPR03  the NHS number is not a valid NHS number (letters, length, check
 *          digit; the detail says which)
 *   CPR05  the NHS number is retired (cpis-hub patient retire): no longer in
 *          use, superseded. The LA uploads the plan under the number in use
 *          (the replacement, which the Inactive NHS Number Notification to
 *          an LA holding a plan names); the hub never moves a plan to
 *          another number itself. Also when the number is retired between
 *          the checks and the write (the write checks it again).
 *   CPR01  no patient with that NHS number in demographics
 *   CPR07  family name, given name (trimmed, case-insensitive) or date of
 *          birth differ from demographics (the detail names the fields, never
 *          the names themselves)
 *   CPR07  plan type not CPP, LAC or UCPP; a missing or invalid start date; an
 *          invalid end or due date; end before start; UCPP without a due date;
 *          a due date on a CPP or LAC plan
 *   CPR07  the LA ODS code is unknown, or names an organisation that is not a
 *          local authority
 *   CPR07  the plan could not be stored
 *   CPR06  success: the plan is added, or updated if the same NHS number, plan
 *          type, LA and start date was uploaded before
 *
 * A rejected record changes no plan. It is kept as an exception of its LA
 * (the uploader's; on the command line the record's, when it names a local
 * authority) for the LA's social workers to work through, unless the store
 * itself failed: one open exception per LA, NHS number as written, plan type
 * and start date as written, updated when the same record fails again. A
 * plan stored for an NHS number resolves the LA's open exceptions on that
 * number, in the transaction that stores it. CPR02 (sensitive record) and CPR04
 * (old-style NHS number) are not produced by this hub: the demographics hold
 * restricted records, but the upload rules do not look at them, and the hub
 * has no old-style numbers. A number the demographics mark superseded but
 * that is not retired is uploaded as any other.
 *
 * File level:
 *   CPF01  file-level error: not UTF-8, a quoted field left open, no header or
 *          the wrong header (no record is read)
 *   CPF02  every record succeeded (at least one record)
 *   CPF03  some records succeeded, some failed
 *   CPF04  no record succeeded (including a file with a header and no records)
 * CPF05 (demographics unavailable) and CPF06 (client version unsupported) are
 * not produced: a store that cannot be read fails the records one by one.
 */
#include "cpis-hub-import.h"

#include "cpis-date.h"
#include "cpis-csv.h"
#include "cpis-nhs-number.h"
#include "cpis-plan-type.h"

static const char * const patient_header[] = {
  "nhs_number", "family_name", "given_name", "date_of_birth", "gender", "postcode",
};

enum
{
  PATIENT_NHS_NUMBER,
  PATIENT_FAMILY_NAME,
  PATIENT_GIVEN_NAME,
  PATIENT_DATE_OF_BIRTH,
  PATIENT_GENDER,
  PATIENT_POSTCODE,
  N_PATIENT_FIELDS
};

static const char * const plan_header[] = {
  "nhs_number", "family_name", "given_name", "date_of_birth", "plan_type",
  "start_date", "end_date", "due_date", "la_ods_code",
};

enum
{
  PLAN_NHS_NUMBER,
  PLAN_FAMILY_NAME,
  PLAN_GIVEN_NAME,
  PLAN_DATE_OF_BIRTH,
  PLAN_PLAN_TYPE,
  PLAN_START_DATE,
  PLAN_END_DATE,
  PLAN_DUE_DATE,
  PLAN_LA_ODS_CODE,
  N_PLAN_FIELDS
};

/* Optional, after the others, in any order */
static const char * const patient_optional_header[] = {
  "restricted", "superseded_by",
};

enum
{
  PATIENT_RESTRICTED,
  PATIENT_SUPERSEDED_BY,
  N_PATIENT_OPTIONAL_FIELDS
};

G_STATIC_ASSERT (G_N_ELEMENTS (patient_header) == N_PATIENT_FIELDS);
G_STATIC_ASSERT (G_N_ELEMENTS (patient_optional_header) == N_PATIENT_OPTIONAL_FIELDS);
G_STATIC_ASSERT (G_N_ELEMENTS (plan_header) == N_PLAN_FIELDS);

G_DEFINE_QUARK (cpis-hub-import-error-quark, cpis_hub_import_error)

static void
record_result_free (CpisHubImportRecordResult *result)
{
  g_free (result->nhs_number);
  g_free (result->code);
  g_free (result->detail);
  g_free (result);
}

static inline const char *
field (CpisCsvRow *row,
       guint       index)
{
  return g_ptr_array_index (row->fields, index);
}

/* A trimmed copy, or NULL for an empty field */
static char *
field_dup_or_null (CpisCsvRow *row,
                   guint       index)
{
  g_autofree char *text = g_strstrip (g_strdup (field (row, index)));

  if (*text == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

/* Trimmed, normalised and case-folded, for comparing names */
static char *
name_key (const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *normalised = g_utf8_normalize (trimmed, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  return g_utf8_casefold (normalised != NULL ? normalised : trimmed, -1);
}

static gboolean
names_match (const char *a,
             const char *b)
{
  g_autofree char *key_a = name_key (a);
  g_autofree char *key_b = name_key (b);

  return g_strcmp0 (key_a, key_b) == 0;
}

/* Patients */

/* The optional "restricted" field: true or false, any case; empty is false */
static gboolean
read_restricted (CpisCsvRow  *row,
                 int          column,
                 gboolean    *restricted,
                 GError     **error)
{
  g_autofree char *text = field_dup_or_null (row, column);

  if (text == NULL || g_ascii_strcasecmp (text, "false") == 0)
    *restricted = FALSE;
  else if (g_ascii_strcasecmp (text, "true") == 0)
    *restricted = TRUE;
  else
    {
      g_set_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE,
                   "Line %u: restricted must be true or false", row->line);
      return FALSE;
    }

  return TRUE;
}

/* The optional "superseded_by" field: an NHS number other than the row's own,
 * or empty for none */
static gboolean
read_superseded_by (CpisCsvRow      *row,
                    int              column,
                    CpisHubPatient  *patient,
                    GError         **error)
{
  g_autofree char *text = field_dup_or_null (row, column);
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    return TRUE;

  patient->superseded_by = cpis_nhs_number_parse (text, &local_error);
  if (patient->superseded_by == NULL)
    {
      g_set_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE,
                   "Line %u: superseded_by is not a valid NHS number: %s", row->line,
                   local_error != NULL ? local_error->message : "not a valid NHS number");
      return FALSE;
    }

  if (g_str_equal (patient->superseded_by, patient->nhs_number))
    {
      g_set_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE,
                   "Line %u: an NHS number cannot be superseded by itself", row->line);
      return FALSE;
    }

  return TRUE;
}

/* @optional_columns: the columns of the optional fields, -1 for absent */
static CpisHubPatient *
patient_from_row (CpisCsvRow  *row,
                  guint        n_fields,
                  const int   *optional_columns,
                  GError     **error)
{
  g_autoptr(CpisHubPatient) patient = g_new0 (CpisHubPatient, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *gender = NULL;

  if (row->fields->len != n_fields)
    {
      g_set_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE,
                   "Line %u: expected %u fields, found %u",
                   row->line, n_fields, row->fields->len);
      return NULL;
    }

  patient->nhs_number = cpis_nhs_number_parse (field (row, PATIENT_NHS_NUMBER), &local_error);
  if (patient->nhs_number == NULL)
    {
      g_set_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE,
                   "Line %u: invalid NHS number: %s", row->line,
                   local_error != NULL ? local_error->message : "not a valid NHS number");
      return NULL;
    }

  patient->family_name = field_dup_or_null (row, PATIENT_FAMILY_NAME);
  patient->given_name = field_dup_or_null (row, PATIENT_GIVEN_NAME);
  if (patient->family_name == NULL || patient->given_name == NULL)
    {
      g_set_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE,
                   "Line %u: the family name and the given name are required", row->line);
      return NULL;
    }

  patient->date_of_birth = field_dup_or_null (row, PATIENT_DATE_OF_BIRTH);
  if (patient->date_of_birth == NULL || !cpis_date_is_valid (patient->date_of_birth))
    {
      g_set_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE,
                   "Line %u: the date of birth must be a valid date (YYYY-MM-DD)", row->line);
      return NULL;
    }

  gender = g_ascii_strdown (field (row, PATIENT_GENDER), -1);
  g_strstrip (gender);
  if (g_strcmp0 (gender, "male") != 0 && g_strcmp0 (gender, "female") != 0 &&
      g_strcmp0 (gender, "other") != 0 && g_strcmp0 (gender, "unknown") != 0)
    {
      g_set_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE,
                   "Line %u: the gender must be male, female, other or unknown", row->line);
      return NULL;
    }
  patient->gender = g_steal_pointer (&gender);

  patient->postcode = field_dup_or_null (row, PATIENT_POSTCODE);

  if (optional_columns[PATIENT_RESTRICTED] >= 0 &&
      !read_restricted (row, optional_columns[PATIENT_RESTRICTED], &patient->restricted, error))
    return NULL;

  if (optional_columns[PATIENT_SUPERSEDED_BY] >= 0 &&
      !read_superseded_by (row, optional_columns[PATIENT_SUPERSEDED_BY], patient, error))
    return NULL;

  return g_steal_pointer (&patient);
}

/* For the columns the file leaves out, what the hub holds; then checks that
 * each superseded_by names a patient of the file or of the hub. FALSE (with
 * @error naming the line) otherwise. */
static gboolean
complete_patients (CpisHubStore  *store,
                   GPtrArray     *patients,
                   GArray        *lines,
                   const int     *optional_columns,
                   GError       **error)
{
  g_autoptr(GHashTable) in_file = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean has_restricted = optional_columns[PATIENT_RESTRICTED] >= 0;
  gboolean has_superseded_by = optional_columns[PATIENT_SUPERSEDED_BY] >= 0;

  for (guint i = 0; i < patients->len; i++)
    g_hash_table_add (in_file, ((CpisHubPatient *) g_ptr_array_index (patients, i))->nhs_number);

  for (guint i = 0; i < patients->len; i++)
    {
      CpisHubPatient *patient = g_ptr_array_index (patients, i);
      guint line = g_array_index (lines, guint, i);
      g_autoptr(CpisHubPatient) stored = NULL;
      g_autoptr(CpisHubPatient) target = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!has_restricted || !has_superseded_by)
        {
          stored = cpis_hub_store_find_patient (store, patient->nhs_number, &local_error);
          if (local_error != NULL)
            {
              g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                          "Line %u: the stored patient could not be read: ", line);
              return FALSE;
            }
          if (stored != NULL && !has_restricted)
            patient->restricted = stored->restricted;
          if (stored != NULL && !has_superseded_by)
            patient->superseded_by = g_strdup (stored->superseded_by);
        }

      if (!has_superseded_by || patient->superseded_by == NULL ||
          g_hash_table_contains (in_file, patient->superseded_by))
        continue;

      target = cpis_hub_store_find_patient (store, patient->superseded_by, &local_error);
      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "Line %u: the current NHS number could not be checked: ",
                                      line);
          return FALSE;
        }
      if (target == NULL)
        {
          g_set_error (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE,
                       "Line %u: superseded_by names an NHS number with no demographics "
                       "record, in this file or in the hub", line);
          return FALSE;
        }
    }

  return TRUE;
}

gint64
cpis_hub_import_patients (CpisHubStore  *store,
                          const char    *csv,
                          gsize          length,
                          GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GError) csv_error = NULL;
  guint n_fields = N_PATIENT_FIELDS;
  int optional_columns[N_PATIENT_OPTIONAL_FIELDS];

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), -1);
  g_return_val_if_fail (csv != NULL || length == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  rows = cpis_csv_read (csv, length, patient_header, N_PATIENT_FIELDS, patient_optional_header,
                        N_PATIENT_OPTIONAL_FIELDS, optional_columns, &csv_error);
  if (rows == NULL)
    {
      g_set_error_literal (error, CPIS_HUB_IMPORT_ERROR, CPIS_HUB_IMPORT_ERROR_BAD_FILE,
                           csv_error->message);
      return -1;
    }
  for (guint i = 0; i < N_PATIENT_OPTIONAL_FIELDS; i++)
    n_fields += optional_columns[i] >= 0;

  /* Check every row before writing any */
  patients = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_hub_patient_free);
  lines = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < rows->len; i++)
    {
      CpisCsvRow *row = g_ptr_array_index (rows, i);
      CpisHubPatient *patient = patient_from_row (row, n_fields, optional_columns, error);

      if (patient == NULL)
        return -1;
      g_ptr_array_add (patients, patient);
      g_array_append_val (lines, row->line);
    }

  if (!complete_patients (store, patients, lines, optional_columns, error))
    return -1;

  for (guint i = 0; i < patients->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!cpis_hub_store_put_patient (store, g_ptr_array_index (patients, i), &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "Line %u: the patient could not be stored: ",
                                      g_array_index (lines, guint, i));
          return -1;
        }
    }

  return patients->len;
}

/* Plans */

static void
add_result (GPtrArray  *records,
            CpisCsvRow *row,
            const char *code,
            char       *detail)  /* (transfer full) */
{
  CpisHubImportRecordResult *result = g_new0 (CpisHubImportRecordResult, 1);

  result->line = row->line;
  result->nhs_number = g_strstrip (g_strdup (row->fields->len > PLAN_NHS_NUMBER
                                               ? field (row, PLAN_NHS_NUMBER)
                                               : ""));
  result->code = g_strdup (code);
  result->detail = detail;
  g_ptr_array_add (records, result);
}

/* A trimmed copy of @value (NULL reads as empty) */
static char *
value_trimmed (const char *value)
{
  return g_strstrip (g_strdup (value != NULL ? value : ""));
}

/* A trimmed copy, or NULL for an empty value */
static char *
value_dup_or_null (const char *value)
{
  g_autofree char *text = value_trimmed (value);

  if (*text == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

/* Checks an optional date; FALSE (with @detail set) if given but invalid */
static gboolean
check_date_value (const char  *value,
                  const char  *label,
                  gboolean     required,
                  char       **out,
                  char       **detail)
{
  g_autofree char *text = value_dup_or_null (value);

  if (text == NULL)
    {
      if (required)
        {
          *detail = g_strdup_printf ("The %s is missing", label);
          return FALSE;
        }
      *out = NULL;
      return TRUE;
    }

  if (!cpis_date_is_valid (text))
    {
      *detail = g_strdup_printf ("The %s is not a valid date (YYYY-MM-DD)", label);
      return FALSE;
    }

  *out = g_steal_pointer (&text);
  return TRUE;
}

/* The record's checks, each in the order of the codes at the top: TRUE if
 * the record passes, else FALSE with @detail set (and @code, where it is not
 * CPR07). */

/* CPR03 */
static gboolean
read_nhs_number (const CpisHubPlanRecord  *record,
                 char                    **nhs_number,
                 const char              **code,
                 char                    **detail)
{
  g_autoptr(GError) local_error = NULL;

  *nhs_number = cpis_nhs_number_parse (record->nhs_number != NULL ? record->nhs_number : "",
                                       &local_error);
  if (*nhs_number != NULL)
    return TRUE;

  *code = "CPR03";
  *detail = g_strdup (local_error != NULL ? local_error->message : "Not a valid NHS number");
  return FALSE;
}

/* CPR05 */
static gboolean
check_in_use (CpisHubStore  *store,
              const char    *nhs_number,
              const char   **code,
              char         **detail,
              gboolean      *store_failed)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *replaced_by = NULL;
  gboolean retired = FALSE;

  if (!cpis_hub_store_is_retired (store, nhs_number, &retired, &replaced_by, &local_error))
    {
      *detail = g_strdup_printf ("The NHS number could not be checked: %s", local_error->message);
      *store_failed = TRUE;
      return FALSE;
    }
  if (!retired)
    return TRUE;

  /* The replacement is not named: an LA that held no plan on the number
   * has no business learning it */
  *code = "CPR05";
  *detail = g_strdup (replaced_by != NULL
                        ? "This NHS number is no longer in use: it was replaced by another. "
                          "Upload the plan under the NHS number in use"
                        : "This NHS number is no longer in use, and no replacement has been "
                          "given yet. Upload the plan under the NHS number in use");
  return FALSE;
}

/* CPR01 when there is no record; CPR07 when it could not be read */
static gboolean
find_demographics (CpisHubStore    *store,
                   const char      *nhs_number,
                   CpisHubPatient **patient,
                   const char     **code,
                   char           **detail,
                   gboolean        *store_failed)
{
  g_autoptr(GError) local_error = NULL;

  *patient = cpis_hub_store_find_patient (store, nhs_number, &local_error);
  if (*patient != NULL)
    return TRUE;

  if (local_error != NULL)
    {
      *detail = g_strdup_printf ("The demographics could not be checked: %s", local_error->message);
      *store_failed = TRUE;
      return FALSE;
    }

  *code = "CPR01";
  *detail = g_strdup ("No demographics record has this NHS number");
  return FALSE;
}

/* "The family name and date of birth do not match …": which fields, never
 * what they hold */
static char *
describe_mismatch (const char * const *fields,
                   guint               n_fields)
{
  GString *text = g_string_new ("The ");

  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == n_fields ? " and " : ", ");
      g_string_append (text, fields[i]);
    }
  g_string_append (text, n_fields == 1 ? " does" : " do");
  g_string_append (text, " not match the demographics record");
  return g_string_free (text, FALSE);
}

/* The names (trimmed, case-insensitive) and the date of birth */
static gboolean
check_demographics (const CpisHubPlanRecord  *record,
                    const CpisHubPatient     *patient,
                    char                    **detail)
{
  g_autofree char *family = value_trimmed (record->family_name);
  g_autofree char *given = value_trimmed (record->given_name);
  g_autofree char *date_of_birth = value_trimmed (record->date_of_birth);
  const char *mismatched[3];
  guint n_mismatched = 0;

  if (*family == '\0' || !names_match (family, patient->family_name))
    mismatched[n_mismatched++] = "family name";
  if (*given == '\0' || !names_match (given, patient->given_name))
    mismatched[n_mismatched++] = "given name";
  if (g_strcmp0 (date_of_birth, patient->date_of_birth) != 0)
    mismatched[n_mismatched++] = "date of birth";

  if (n_mismatched == 0)
    return TRUE;

  *detail = describe_mismatch (mismatched, n_mismatched);
  return FALSE;
}

static gboolean
read_plan_type (const CpisHubPlanRecord  *record,
                CpisPlanType             *plan_type,
                char                    **detail)
{
  g_autofree char *text = value_trimmed (record->plan_type);

  *plan_type = cpis_plan_type_from_short_code (text);
  if (*plan_type == CPIS_PLAN_TYPE_CPP || *plan_type == CPIS_PLAN_TYPE_LAC ||
      *plan_type == CPIS_PLAN_TYPE_UCPP)
    return TRUE;

  *detail = g_strdup ("The plan type must be CPP, LAC or UCPP");
  return FALSE;
}

/* Valid dates, the end not before the start, and a due date on an unborn
 * child's plan and on no other (@plan->plan_type is read) */
static gboolean
read_plan_dates (const CpisHubPlanRecord  *record,
                 CpisHubPlan              *plan,
                 char                    **detail)
{
  GDate start, finish;

  if (!check_date_value (record->start_date, "start date", TRUE, &plan->start_date, detail) ||
      !check_date_value (record->end_date, "end date", FALSE, &plan->end_date, detail) ||
      !check_date_value (record->due_date, "due date", FALSE, &plan->due_date, detail))
    return FALSE;

  if (plan->end_date != NULL &&
      cpis_date_parse (plan->start_date, &start) && cpis_date_parse (plan->end_date, &finish) &&
      g_date_compare (&finish, &start) < 0)
    {
      *detail = g_strdup ("The end date is before the start date");
      return FALSE;
    }

  if (plan->plan_type == CPIS_PLAN_TYPE_UCPP && plan->due_date == NULL)
    {
      *detail = g_strdup ("An unborn child protection plan (UCPP) needs a due date");
      return FALSE;
    }
  if (plan->plan_type != CPIS_PLAN_TYPE_UCPP && plan->due_date != NULL)
    {
      *detail = g_strdup_printf ("Only an unborn child protection plan has a due date, "
                                 "not a %s plan", cpis_plan_type_to_short_code (plan->plan_type));
      return FALSE;
    }

  return TRUE;
}

/* The record's LA ODS code, trimmed and in capitals ("" for none) */
static char *
record_ods_code (const CpisHubPlanRecord *record)
{
  g_autofree char *text = value_trimmed (record->la_ods_code);

  return g_ascii_strup (text, -1);
}

/* Another LA's record, from an LA's upload */
static gboolean
check_uploader (const CpisHubPlanRecord  *record,
                const char               *uploader_la,
                char                    **detail)
{
  g_autofree char *ods_code = record_ods_code (record);

  if (uploader_la == NULL || g_ascii_strcasecmp (ods_code, uploader_la) == 0)
    return TRUE;

  *detail = g_strdup ("A local authority uploads its own plans only: the managing organisation "
                      "must be your authority");
  return FALSE;
}

/* A known organisation that is a local authority */
static gboolean
find_local_authority (CpisHubStore             *store,
                      const CpisHubPlanRecord  *record,
                      CpisHubOrganisation     **la,
                      char                    **detail,
                      gboolean                 *store_failed)
{
  g_autofree char *ods_code = record_ods_code (record);
  g_autoptr(CpisHubOrganisation) found = NULL;
  g_autoptr(GError) local_error = NULL;

  if (*ods_code == '\0')
    {
      *detail = g_strdup ("The local authority ODS code is missing");
      return FALSE;
    }

  found = cpis_hub_store_find_organisation (store, ods_code, &local_error);
  if (found == NULL && local_error != NULL)
    {
      *detail = g_strdup_printf ("The local authority could not be checked: %s",
                                 local_error->message);
      *store_failed = TRUE;
      return FALSE;
    }
  if (found == NULL)
    {
      *detail = g_strdup_printf ("No organisation has the ODS code “%s”", ods_code);
      return FALSE;
    }
  if (found->kind != CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY)
    {
      *detail = g_strdup_printf ("The organisation with ODS code “%s” is not a local authority",
                                 ods_code);
      return FALSE;
    }

  *la = g_steal_pointer (&found);
  return TRUE;
}

/* "Given FAMILY", as CP-IS shows the subject */
static char *
subject_name (const CpisHubPlanRecord *record)
{
  g_autofree char *family = value_trimmed (record->family_name);
  g_autofree char *given = value_trimmed (record->given_name);
  g_autofree char *family_upper = g_utf8_strup (family, -1);

  return g_strdup_printf ("%s %s", given, family_upper);
}

/* Builds the plan for @record, or returns NULL with the CPR code and detail
 * (and @store_failed set when the store, not the record, was at fault) */
static CpisHubPlan *
plan_from_record (CpisHubStore             *store,
                  const CpisHubPlanRecord  *record,
                  const char               *uploader_la,
                  const char              **code,
                  char                    **detail,
                  gboolean                 *store_failed)
{
  g_autoptr(CpisHubPlan) plan = NULL;
  g_autoptr(CpisHubPatient) patient = NULL;

  *code = "CPR07";

  plan = g_new0 (CpisHubPlan, 1);
  if (!check_uploader (record, uploader_la, detail) ||
      !read_nhs_number (record, &plan->nhs_number, code, detail) ||
      !check_in_use (store, plan->nhs_number, code, detail, store_failed) ||
      !find_demographics (store, plan->nhs_number, &patient, code, detail, store_failed) ||
      !check_demographics (record, patient, detail) ||
      !read_plan_type (record, &plan->plan_type, detail) ||
      !read_plan_dates (record, plan, detail) ||
      !find_local_authority (store, record, &plan->la, detail, store_failed))
    return NULL;

  plan->subject_name = subject_name (record);
  plan->date_of_birth = value_trimmed (record->date_of_birth);

  *code = "CPR06";
  return g_steal_pointer (&plan);
}

/* Keeps a rejected record as an exception of the LA it is for (the
 * uploader's, else the record's when it names a local authority), for its
 * social workers to work through; a record of no known LA is kept by none.
 * A failure to keep it is logged: the record's own answer stands. */
static void
keep_exception (CpisHubStore            *store,
                const CpisHubPlanRecord *record,
                const char              *uploader_la,
                const char              *code,
                const char              *detail,
                gint64                   now_usec)
{
  g_autofree char *ods_code = NULL;
  g_autofree char *nhs_number = value_trimmed (record->nhs_number);
  g_autofree char *family = value_trimmed (record->family_name);
  g_autofree char *given = value_trimmed (record->given_name);
  g_autofree char *date_of_birth = value_trimmed (record->date_of_birth);
  g_autofree char *plan_type = value_trimmed (record->plan_type);
  g_autofree char *start_date = value_trimmed (record->start_date);
  g_autoptr(GError) error = NULL;
  CpisHubPlanException exception = { 0 };

  if (uploader_la != NULL)
    {
      ods_code = g_ascii_strup (uploader_la, -1);
    }
  else
    {
      g_autoptr(CpisHubOrganisation) org = NULL;

      ods_code = record_ods_code (record);
      org = *ods_code != '\0' ? cpis_hub_store_find_organisation (store, ods_code, NULL) : NULL;
      if (org == NULL || org->kind != CPIS_HUB_ORG_KIND_LOCAL_AUTHORITY)
        return;
    }

  exception.la_ods_code = ods_code;
  exception.nhs_number = nhs_number;
  exception.family_name = family;
  exception.given_name = given;
  exception.date_of_birth = date_of_birth;
  exception.plan_type = plan_type;
  exception.start_date = start_date;
  exception.code = (char *) code;
  exception.detail = (char *) detail;
  exception.recorded_usec = now_usec;

  if (!cpis_hub_store_put_plan_exception (store, &exception, &error))
    g_warning ("Could not keep an upload exception: %s", error->message);
  g_free (exception.id);
}

const char *
cpis_hub_upload_plan_record (CpisHubStore             *store,
                             const CpisHubPlanRecord  *record,
                             const char               *uploader_la,
                             gint64                    now_usec,
                             char                    **detail,
                             char                    **plan_id,
                             gboolean                 *created)
{
  g_autoptr(CpisHubPlan) plan = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *code = NULL;
  char *why = NULL;
  gboolean store_failed = FALSE;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (detail != NULL, NULL);

  *detail = NULL;
  if (plan_id != NULL)
    *plan_id = NULL;
  if (created != NULL)
    *created = FALSE;

  plan = plan_from_record (store, record, uploader_la, &code, &why, &store_failed);
  if (plan != NULL)
    {
      gboolean is_new = FALSE;

      if (cpis_hub_store_put_plan_full (store, plan, now_usec, &is_new, &local_error))
        {
          if (plan_id != NULL)
            *plan_id = g_strdup (plan->id);
          if (created != NULL)
            *created = is_new;
          return "CPR06";
        }

      /* retired since the checks: refused as it would have been */
      if (g_error_matches (local_error, CPIS_HUB_STORE_ERROR, CPIS_HUB_STORE_ERROR_RETIRED))
        {
          code = "CPR05";
          why = g_strdup ("This NHS number is no longer in use. Upload the plan under the NHS "
                          "number in use");
        }
      else
        {
          code = "CPR07";
          why = g_strdup_printf ("The plan could not be stored: %s", local_error->message);
          store_failed = TRUE;
        }
    }

  /* a record the store failed on is not the LA's to correct: no exception */
  if (!store_failed)
    keep_exception (store, record, uploader_la, code, why, now_usec);

  *detail = why;
  return code;
}

static CpisHubImportReport *
report_new (void)
{
  CpisHubImportReport *report = g_new0 (CpisHubImportReport, 1);

  report->records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_result_free);
  return report;
}

void
cpis_hub_import_report_settle (CpisHubImportReport *report,
                               guint                n_succeeded)
{
  g_return_if_fail (report != NULL);

  g_clear_pointer (&report->file_code, g_free);
  g_clear_pointer (&report->file_detail, g_free);

  if (report->records->len == 0)
    {
      report->file_code = g_strdup ("CPF04");
      report->file_detail = g_strdup ("The file has no records");
    }
  else if (n_succeeded == report->records->len)
    {
      report->file_code = g_strdup ("CPF02");
    }
  else if (n_succeeded == 0)
    {
      report->file_code = g_strdup ("CPF04");
      report->file_detail = g_strdup_printf ("None of the %u records was uploaded",
                                             report->records->len);
    }
  else
    {
      report->file_code = g_strdup ("CPF03");
      report->file_detail = g_strdup_printf ("%u of %u records were uploaded",
                                             n_succeeded, report->records->len);
    }
}

CpisHubImportReport *
cpis_hub_import_plans (CpisHubStore *store,
                       const char   *csv,
                       gsize         length)
{
  g_autoptr(CpisHubImportReport) report = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint n_succeeded = 0;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (store), NULL);
  g_return_val_if_fail (csv != NULL || length == 0, NULL);

  report = report_new ();

  rows = cpis_csv_read (csv, length, plan_header, N_PLAN_FIELDS, NULL, 0, NULL, &error);
  if (rows == NULL)
    {
      report->file_code = g_strdup ("CPF01");
      report->file_detail = g_strdup (error->message);
      return g_steal_pointer (&report);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      CpisCsvRow *row = g_ptr_array_index (rows, i);
      const char *code;
      char *detail = NULL;

      if (row->fields->len != N_PLAN_FIELDS)
        {
          code = "CPR07";
          detail = g_strdup_printf ("Wrong number of fields: expected %u, found %u",
                                    (guint) N_PLAN_FIELDS, row->fields->len);
        }
      else
        {
          CpisHubPlanRecord record = {
            .nhs_number = field (row, PLAN_NHS_NUMBER),
            .family_name = field (row, PLAN_FAMILY_NAME),
            .given_name = field (row, PLAN_GIVEN_NAME),
            .date_of_birth = field (row, PLAN_DATE_OF_BIRTH),
            .plan_type = field (row, PLAN_PLAN_TYPE),
            .start_date = field (row, PLAN_START_DATE),
            .end_date = field (row, PLAN_END_DATE),
            .due_date = field (row, PLAN_DUE_DATE),
            .la_ods_code = field (row, PLAN_LA_ODS_CODE),
          };

          code = cpis_hub_upload_plan_record (store, &record, NULL, g_get_real_time (), &detail,
                                              NULL, NULL);
        }

      if (g_str_equal (code, "CPR06"))
        n_succeeded++;
      add_result (report->records, row, code, detail);
    }

  cpis_hub_import_report_settle (report, n_succeeded);
  return g_steal_pointer (&report);
}

void
cpis_hub_import_report_free (CpisHubImportReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->records, g_ptr_array_unref);
  g_free (report->file_code);
  g_free (report->file_detail);
  g_free (report);
}
