/* cpis-hub-store-patients.c: demographics (the stand-in for the national
 * demographics service)
 *
 * The search compares names and postcodes through cpis_name_key() and
 * cpis_postcode_key(), the connection's own SQL functions
 * (cpis-hub-store-sql.c).
 */
#include "cpis-hub-store-private.h"

#define PATIENT_COLUMNS \
  "p.nhs_number, p.family_name, p.given_name, p.date_of_birth, p.gender, p.postcode, " \
  "p.restricted, p.superseded_by, p.version"

/* How many superseded numbers in a row a read follows to the current one */
#define MAX_SUPERSEDED_HOPS 8

/* PATIENT_COLUMNS */
static gpointer
patient_from_row (sqlite3_stmt *stmt,
                  gpointer      user_data)
{
  CpisHubPatient *patient = g_new0 (CpisHubPatient, 1);

  patient->nhs_number = _cpis_hub_store_column_dup (stmt, 0);
  patient->family_name = _cpis_hub_store_column_dup (stmt, 1);
  patient->given_name = _cpis_hub_store_column_dup (stmt, 2);
  patient->date_of_birth = _cpis_hub_store_column_dup (stmt, 3);
  patient->gender = _cpis_hub_store_column_dup (stmt, 4);
  patient->postcode = _cpis_hub_store_column_dup (stmt, 5);
  patient->restricted = sqlite3_column_int (stmt, 6) != 0;
  patient->superseded_by = _cpis_hub_store_column_dup (stmt, 7);
  patient->version = sqlite3_column_int64 (stmt, 8);

  return patient;
}

static gboolean
put_patient_run (StoreConn  *conn,
                 StoreJob   *job,
                 GError    **error)
{
  const CpisHubPatient *patient = job->data;

  /* SET reads the row as it was: the version moves only when something changed */
  return _cpis_hub_store_conn_exec (conn, "store the patient",
                                    "INSERT INTO patients"
                                    " (nhs_number, family_name, given_name, date_of_birth, gender,"
                                    "  postcode, restricted, superseded_by)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                    " ON CONFLICT (nhs_number) DO UPDATE SET"
                                    "  family_name = excluded.family_name,"
                                    "  given_name = excluded.given_name,"
                                    "  date_of_birth = excluded.date_of_birth,"
                                    "  gender = excluded.gender,"
                                    "  postcode = excluded.postcode,"
                                    "  restricted = excluded.restricted,"
                                    "  superseded_by = excluded.superseded_by,"
                                    "  version = version + (family_name IS NOT excluded.family_name"
                                    "   OR given_name IS NOT excluded.given_name"
                                    "   OR date_of_birth IS NOT excluded.date_of_birth"
                                    "   OR gender IS NOT excluded.gender"
                                    "   OR postcode IS NOT excluded.postcode"
                                    "   OR restricted IS NOT excluded.restricted"
                                    "   OR superseded_by IS NOT excluded.superseded_by)",
                                    STORE_PARAMS (STORE_TEXT (patient->nhs_number),
                                                  STORE_TEXT (patient->family_name),
                                                  STORE_TEXT (patient->given_name),
                                                  STORE_TEXT (patient->date_of_birth),
                                                  STORE_TEXT (patient->gender),
                                                  STORE_TEXT (patient->postcode),
                                                  STORE_INT64 (patient->restricted ? 1 : 0),
                                                  STORE_TEXT (patient->superseded_by)),
                                    error);
}

gboolean
cpis_hub_store_put_patient (CpisHubStore          *self,
                            const CpisHubPatient  *patient,
                            GError               **error)
{
  StoreJob job = { .run = put_patient_run, .table = "patients", .data = (gpointer) patient };

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (patient->nhs_number == NULL)
    return _cpis_hub_store_missing_field (error, "the NHS number");

  return _cpis_hub_store_run_sync (self, &job, error);
}

CpisHubPatient *
cpis_hub_store_find_patient (CpisHubStore  *self,
                             const char    *nhs_number,
                             GError       **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _cpis_hub_store_read_first (self, "find the patient",
                                     "SELECT " PATIENT_COLUMNS
                                     " FROM patients p WHERE p.nhs_number = ?1",
                                     STORE_PARAMS (STORE_TEXT (nhs_number)),
                                     patient_from_row, NULL, error);
}

CpisHubPatient *
cpis_hub_store_find_current_patient (CpisHubStore  *self,
                                     const char    *nhs_number,
                                     GError       **error)
{
  g_autoptr(CpisHubPatient) patient = NULL;

  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (nhs_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The chain of numbers from the one asked for; the last one that has a
   * row is the answer if it is current */
  patient = _cpis_hub_store_read_first (self, "find the current patient",
                                        "WITH RECURSIVE chain (nhs_number, hops) AS ("
                                        "  SELECT ?1, 0"
                                        "  UNION ALL"
                                        "  SELECT p.superseded_by, c.hops + 1"
                                        "  FROM chain c"
                                        "  JOIN patients p ON p.nhs_number = c.nhs_number"
                                        "  WHERE p.superseded_by IS NOT NULL AND c.hops < ?2)"
                                        " SELECT " PATIENT_COLUMNS
                                        " FROM chain c"
                                        " JOIN patients p ON p.nhs_number = c.nhs_number"
                                        " ORDER BY c.hops DESC LIMIT 1",
                                        STORE_PARAMS (STORE_TEXT (nhs_number),
                                                      STORE_INT64 (MAX_SUPERSEDED_HOPS)),
                                        patient_from_row, NULL, error);

  /* A number superseded by one with no row, or a loop: no current record.
   * Said, for whoever keeps the data, but not a failure of the hub. */
  if (patient != NULL && patient->superseded_by != NULL)
    {
      g_message ("A superseded NHS number leads to no current demographics record");
      g_clear_pointer (&patient, cpis_hub_patient_free);
    }

  return g_steal_pointer (&patient);
}

GPtrArray *
cpis_hub_store_search_patients (CpisHubStore                *self,
                                const CpisHubPatientSearch  *search,
                                guint                        limit,
                                GError                     **error)
{
  g_return_val_if_fail (CPIS_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (search != NULL, NULL);
  g_return_val_if_fail (search->family_name != NULL, NULL);
  g_return_val_if_fail (search->date_of_birth != NULL, NULL);
  g_return_val_if_fail (limit < G_MAXUINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* patients_birth finds the few rows of that birth date (and gender,
   * when given: NULL is any); the keys are compared on those only. A superseded number is never a
   * match (its current record is); a postcode never finds a restricted
   * patient, as PDS has it, so a search cannot confirm where they live. */
  return _cpis_hub_store_read_all (self, "search the demographics",
                                   "SELECT " PATIENT_COLUMNS " FROM patients p"
                                   " WHERE p.date_of_birth = ?1 AND (?2 IS NULL OR p.gender = ?2)"
                                   "  AND p.superseded_by IS NULL"
                                   "  AND cpis_name_key (p.family_name) = cpis_name_key (?3)"
                                   "  AND (?4 IS NULL OR"
                                   "       cpis_name_key (p.given_name) = cpis_name_key (?4))"
                                   "  AND (?5 IS NULL OR (p.restricted = 0 AND"
                                   "       cpis_postcode_key (p.postcode)"
                                   "        = cpis_postcode_key (?5)))"
                                   " ORDER BY p.nhs_number LIMIT ?6",
                                   STORE_PARAMS (STORE_TEXT (search->date_of_birth),
                                                 STORE_TEXT (search->gender),
                                                 STORE_TEXT (search->family_name),
                                                 STORE_TEXT (search->given_name),
                                                 STORE_TEXT (search->postcode),
                                                 STORE_INT64 ((gint64) limit + 1)),
                                   patient_from_row, (GDestroyNotify) cpis_hub_patient_free,
                                   error);
}
