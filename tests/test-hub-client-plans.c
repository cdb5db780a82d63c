/* test-hub-client-plans.c: the client core's plan uploads, against the real
 * hub (cpis-test-hub.h)
 *
 * Upload files read (good ones; a wrong header, a 10 MB line, text that is
 * not UTF-8, a quote left open; a row with the wrong number of fields,
 * rejected without being sent), uploaded in chunks with progress and cancel,
 * the report saved as CSV with formula cells left inert, the LA's plans
 * listed page by page, its exceptions listed and dismissed.
 *
 * NHS numbers are synthetic (999 range, valid check digits).
 */
#include <string.h>

#include "cpis-csv.h"
#include "cpis-fhir-codec.h"
#include "cpis-hub-client.h"
#include "cpis-plan-upload.h"
#include "cpis-test-hub.h"
#include "cpis-test-util.h"

#define PASSWORD "correct horse battery"
#define TODAY    "2026-03-01"
#define HEADER   "nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,end_date,due_date,la_ods_code\n"

#define CHILD    "9993982598"  /* Amara Okafor, 2015-06-01 */
#define MOTHER   "9994833782"  /* Ewa Nowak, 1995-03-03 */
#define UNKNOWN  "9998762324"  /* valid, not in demographics */
#define BAD      "9993982599"  /* CHILD with the wrong check digit */

typedef struct
{
  CpisTestHub   *hub;
  CpisHubClient *client;   /* a social worker of LA1 */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = cpis_test_hub_new ();
  cpis_test_hub_add_org (fixture->hub, "LA1", "Northgate Council", "local-authority", "North");
  cpis_test_hub_add_org (fixture->hub, "ED1", "Northgate General ED", "unscheduled-care", "North");
  cpis_test_hub_add_user (fixture->hub, "sw1", PASSWORD, "social-worker", "LA1");
  cpis_test_hub_add_user (fixture->hub, "nurse", PASSWORD, "clinician", "ED1");
  cpis_test_hub_add_patient (fixture->hub, CHILD, "Okafor", "Amara", "2015-06-01", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_add_patient (fixture->hub, MOTHER, "Nowak", "Ewa", "1995-03-03", "female", NULL,
                             FALSE, NULL);
  cpis_test_hub_set_today (fixture->hub, TODAY);
  fixture->client = cpis_test_hub_sign_in_client (fixture->hub, "sw1", PASSWORD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  cpis_test_hub_free (fixture->hub);
}

/* ------------------------------------------------------------------------ */
/* Helpers */

static GPtrArray *
read_csv (const char  *csv,
          gssize       length,
          GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv, length < 0 ? strlen (csv) : (gsize) length);

  return cpis_plan_upload_read_csv (bytes, error);
}

static GPtrArray *
read_good_csv (const char *csv)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = read_csv (csv, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (records);
  return records;
}

typedef struct
{
  guint          n_calls;
  guint          last_done;
  guint          last_total;
  GCancellable  *cancel_after_first;  /* cancelled on the first call, if set */
} Progress;

static void
progress_cb (guint    n_done,
             guint    n_total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (n_done, >=, progress->last_done);
  progress->n_calls++;
  progress->last_done = n_done;
  progress->last_total = n_total;
  if (progress->cancel_after_first != NULL)
    g_cancellable_cancel (progress->cancel_after_first);
}

static CpisPlanUploadReport *
upload (CpisHubClient  *client,
        GPtrArray      *records,
        Progress       *progress,
        GCancellable   *cancellable,
        GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_upload_plans_async (client, records, progress != NULL ? progress_cb : NULL,
                                      progress, NULL, cancellable, cpis_test_store_result_cb,
                                      &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_upload_plans_finish (client, result, error);
}

static guint
count_plans (Fixture    *fixture,
             const char *nhs_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = cpis_hub_store_list_plans (cpis_test_hub_get_store (fixture->hub),
                                                          nhs_number, &error);

  g_assert_no_error (error);
  return plans->len;
}

/* @n synthetic children with demographics, and an upload file of a CPP for each */
static GPtrArray *
many_records (Fixture *fixture,
              guint    n)
{
  g_autoptr(GString) csv = g_string_new (HEADER);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *nhs_number = cpis_test_nhs_number (100000 + i * 13);

      cpis_test_hub_add_patient (fixture->hub, nhs_number, "Sample", "Jo", "2016-07-08", "male",
                                 NULL, FALSE, NULL);
      g_string_append_printf (csv, "%s,Sample,Jo,2016-07-08,CPP,2025-01-01,,,LA1\n", nhs_number);
    }

  return read_good_csv (csv->str);
}

/* ------------------------------------------------------------------------ */
/* Reading the file */

static void
test_read_good (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GPtrArray) from_stream = NULL;
  g_autoptr(GError) error = NULL;
  const char *csv = "\xEF\xBB\xBF" HEADER
                    CHILD ",Okafor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\r\n"
                    "\r\n"
                    MOTHER ",\"Nowak, née Kowalska\",Ewa,1995-03-03,UCPP,2025-09-01,,2026-04-20,la1\n"
                    CHILD ",Okafor,Amara,2015-06-01,CPP\n";
  CpisPlanRecord *record;

  records = read_good_csv (csv);
  g_assert_cmpuint (records->len, ==, 3);

  record = g_ptr_array_index (records, 0);
  g_assert_cmpuint (cpis_plan_record_get_line (record), ==, 2);
  g_assert_cmpstr (cpis_plan_record_get_nhs_number (record), ==, CHILD);
  g_assert_cmpstr (cpis_plan_record_get_plan_type (record), ==, "CPP");
  g_assert_null (cpis_plan_record_get_end_date (record));
  g_assert_null (cpis_plan_record_get_error (record));

  record = g_ptr_array_index (records, 1);
  g_assert_cmpuint (cpis_plan_record_get_line (record), ==, 4);
  g_assert_cmpstr (cpis_plan_record_get_family_name (record), ==, "Nowak, née Kowalska");
  g_assert_cmpstr (cpis_plan_record_get_due_date (record), ==, "2026-04-20");

  /* the wrong number of fields: kept, with why it cannot be sent */
  record = g_ptr_array_index (records, 2);
  g_assert_nonnull (strstr (cpis_plan_record_get_error (record), "number of fields"));

  /* a field longer than the hub takes: not sent, and said why */
  {
    g_autofree char *name = g_strnfill (300, 'a');
    g_autofree char *text = g_strdup_printf (HEADER CHILD ",%s,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n",
                                             name);
    g_autoptr(GPtrArray) long_records = read_good_csv (text);

    g_assert_nonnull (strstr (cpis_plan_record_get_error (g_ptr_array_index (long_records, 0)),
                              "family_name is longer"));
  }

  /* a stream reads the same */
  stream = g_memory_input_stream_new_from_data (csv, strlen (csv), NULL);
  from_stream = cpis_plan_upload_read_csv_stream (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_stream->len, ==, 3);
}

static void
test_read_bad (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GString) long_line = g_string_new (HEADER CHILD ",");
  struct
  {
    const char *csv;
    gssize      length;
    int         code;
    const char *says;
  } cases[] = {
    { "", -1, CPIS_CSV_ERROR_BAD_FILE, "header" },
    { "nhs,family\n" CHILD ",Okafor\n", -1, CPIS_CSV_ERROR_BAD_FILE, "header" },
    { "nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,end_date,due_date\n",
      -1, CPIS_CSV_ERROR_BAD_FILE, "header" },
    { HEADER CHILD ",\"Okafor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n", -1,
      CPIS_CSV_ERROR_BAD_FILE, "Line 2" },
    { HEADER CHILD ",Okafor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n"
      CHILD ",Ok\xe9" "afor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n",
      -1,
      CPIS_CSV_ERROR_NOT_UTF8, "Line 3" },
    { HEADER "\xff\xfe", -1, CPIS_CSV_ERROR_NOT_UTF8, "Line 2" },
    { NULL, -1, CPIS_CSV_ERROR_LINE_TOO_LONG, "Line 2" },
  };

  /* a 10 MB line */
  while (long_line->len < 10 * 1024 * 1024)
    g_string_append (long_line, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_string_append (long_line, ",Amara,2015-06-01,CPP,2025-01-10,,,LA1\n");
  cases[G_N_ELEMENTS (cases) - 1].csv = long_line->str;
  cases[G_N_ELEMENTS (cases) - 1].length = long_line->len;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = read_csv (cases[i].csv, cases[i].length, &error);

      g_test_message ("case %u", i);
      g_assert_null (records);
      g_assert_error (error, CPIS_CSV_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

/* ------------------------------------------------------------------------ */
/* Uploading */

static void
test_upload (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) records = read_good_csv (HEADER
                                                CHILD ",Okafor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n"
                                                MOTHER ",Nowak,Ewa,1995-03-03,UCPP,2025-09-01,,2026-04-20,LA1\n"
                                                CHILD ",Smithson,Amara,2015-06-01,LAC,2025-01-10,,,LA1\n"
                                                BAD ",Okafor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n"
                                                UNKNOWN ",Okafor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n"
                                                CHILD ",Okafor,Amara\n");
  static const struct
  {
    CpisPlanUploadRowState state;
    const char            *code;
  } expected[] = {
    { CPIS_PLAN_UPLOAD_ROW_UPLOADED, "CPR06" },
    { CPIS_PLAN_UPLOAD_ROW_UPLOADED, "CPR06" },
    { CPIS_PLAN_UPLOAD_ROW_REJECTED, "CPR07" },
    { CPIS_PLAN_UPLOAD_ROW_REJECTED, "CPR03" },
    { CPIS_PLAN_UPLOAD_ROW_REJECTED, "CPR01" },
    { CPIS_PLAN_UPLOAD_ROW_REJECTED, "CPR07" },   /* never sent */
  };
  g_autoptr(CpisPlanUploadReport) report = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  report = upload (fixture->client, records, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cpis_plan_upload_report_get_n_rows (report), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("row %u", i);
      g_assert_cmpint (cpis_plan_upload_report_get_state (report, i), ==, expected[i].state);
      g_assert_cmpstr (cpis_plan_upload_report_get_code (report, i), ==, expected[i].code);
      if (expected[i].state == CPIS_PLAN_UPLOAD_ROW_UPLOADED)
        {
          g_assert_nonnull (cpis_plan_upload_report_get_plan_id (report, i));
          g_assert_null (cpis_plan_upload_report_get_detail (report, i));
        }
      else
        {
          g_assert_null (cpis_plan_upload_report_get_plan_id (report, i));
          g_assert_nonnull (cpis_plan_upload_report_get_detail (report, i));
        }
    }
  g_assert_true (cpis_plan_upload_report_is_complete (report));
  g_assert_null (cpis_plan_upload_report_get_stop_error (report));
  g_assert_cmpstr (cpis_plan_upload_report_get_file_code (report), ==, "CPF03");
  g_assert_cmpuint (cpis_plan_upload_report_get_n_uploaded (report), ==, 2);
  g_assert_cmpuint (cpis_plan_upload_report_get_n_rejected (report), ==, 4);
  g_assert_cmpuint (progress.n_calls, ==, 1);
  g_assert_cmpuint (progress.last_done, ==, 6);
  g_assert_cmpuint (progress.last_total, ==, 6);

  /* the hub holds what the report says, and no more */
  g_assert_cmpuint (count_plans (fixture, CHILD), ==, 1);
  g_assert_cmpuint (count_plans (fixture, MOTHER), ==, 1);
  g_assert_cmpuint (count_plans (fixture, UNKNOWN), ==, 0);
}

/* 250 records: three chunks, progress after each */
static void
test_upload_chunks (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) records = many_records (fixture, 250);
  g_autoptr(CpisPlanUploadReport) report = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  report = upload (fixture->client, records, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress.n_calls, ==, 3);
  g_assert_cmpuint (progress.last_done, ==, 250);
  g_assert_cmpuint (cpis_plan_upload_report_get_n_uploaded (report), ==, 250);
  g_assert_cmpstr (cpis_plan_upload_report_get_file_code (report), ==, "CPF02");
}

/* Cancelled after the first chunk: that one uploaded, the rest not sent,
 * and the report says so; cancelled before any: an error, nothing sent */
static void
test_upload_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) records = many_records (fixture, 250);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(CpisPlanUploadReport) report = NULL;
  g_autoptr(CpisPlanUploadReport) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) before = NULL;
  Progress progress = { .cancel_after_first = cancellable };
  guint stored = 0;

  report = upload (fixture->client, records, &progress, cancellable, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (progress.n_calls, ==, 1);
  g_assert_false (cpis_plan_upload_report_is_complete (report));
  g_assert_null (cpis_plan_upload_report_get_file_code (report));
  g_assert_error (cpis_plan_upload_report_get_stop_error (report), G_IO_ERROR,
                  G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (cpis_plan_upload_report_get_n_uploaded (report), ==, 100);
  g_assert_cmpuint (cpis_plan_upload_report_get_n_not_sent (report), ==, 150);
  g_assert_cmpint (cpis_plan_upload_report_get_state (report, 100), ==,
                   CPIS_PLAN_UPLOAD_ROW_NOT_SENT);
  g_assert_null (cpis_plan_upload_report_get_code (report, 100));
  for (guint i = 0; i < records->len; i++)
    stored += count_plans (fixture,
                           cpis_plan_record_get_nhs_number (g_ptr_array_index (records, i)));
  g_assert_cmpuint (stored, ==, 100);

  g_cancellable_cancel (cancelled);
  none = upload (fixture->client, records, NULL, cancelled, &before);
  g_assert_null (none);
  g_assert_error (before, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A clinician's upload: the hub refuses the batch whole; nothing stored,
 * every row not sent, and why */
static void
test_upload_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CpisHubClient) nurse = cpis_test_hub_sign_in_client (fixture->hub, "nurse", PASSWORD);
  g_autoptr(GPtrArray) records = read_good_csv (HEADER
                                                CHILD ",Okafor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n");
  g_autoptr(CpisPlanUploadReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = upload (nurse, records, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (cpis_plan_upload_report_is_complete (report));
  g_assert_error (cpis_plan_upload_report_get_stop_error (report), CPIS_HUB_CLIENT_ERROR,
                  CPIS_HUB_CLIENT_ERROR_ACCESS_DENIED);
  g_assert_cmpint (cpis_plan_upload_report_get_state (report, 0), ==,
                   CPIS_PLAN_UPLOAD_ROW_NOT_SENT);
  g_assert_cmpuint (count_plans (fixture, CHILD), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* The report as CSV */

static void
test_report_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char * const hostile[] = {
    "=cmd|' /C calc'!A0", "+SUM(1+1)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"x\")",
  };
  static const char * const report_header[] = {
    "line", "nhs_number", "family_name", "given_name", "plan_type", "start_date", "outcome",
    "code", "detail",
  };
  g_autoptr(GString) csv = g_string_new (HEADER);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(CpisPlanUploadReport) report = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *text;

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *quoted = g_strdup (hostile[i]);
      g_autoptr(GString) cell = g_string_new ("\"");

      for (const char *p = quoted; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (cell, '"');
          g_string_append_c (cell, *p);
        }
      g_string_append_c (cell, '"');
      g_string_append_printf (csv, CHILD ",%s,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n", cell->str);
    }
  g_string_append (csv, CHILD ",Okafor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n");

  records = read_good_csv (csv->str);
  g_assert_cmpstr (cpis_plan_record_get_family_name (g_ptr_array_index (records, 0)), ==,
                   hostile[0]);
  report = upload (fixture->client, records, NULL, NULL, &error);
  g_assert_no_error (error);

  saved = cpis_plan_upload_report_to_csv (report);
  text = g_bytes_get_data (saved, &length);
  /* inert: the formula cell is text, quoted, behind a single quote */
  g_assert_nonnull (strstr (text, "\"'=cmd|' /C calc'!A0\""));
  g_assert_null (strstr (text, ",=cmd"));
  g_assert_null (strstr (text, "\"=cmd"));

  /* read back, every cell is as written but for the quote before a formula */
  rows = cpis_csv_read (text, length, report_header, G_N_ELEMENTS (report_header), NULL, 0, NULL,
                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (hostile) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      CpisCsvRow *row = g_ptr_array_index (rows, i);
      const char *family = g_ptr_array_index (row->fields, 2);

      g_test_message ("row %u: %s", i, family);
      g_assert_true (family[0] == '\'');
      g_assert_cmpstr (family + 1, ==, hostile[i]);
      g_assert_cmpstr (g_ptr_array_index (row->fields, 6), ==, "rejected");
      g_assert_cmpstr (g_ptr_array_index (row->fields, 7), ==, "CPR07");
    }
  g_assert_cmpstr (g_ptr_array_index (((CpisCsvRow *) g_ptr_array_index (rows, rows->len - 1))->fields,
                                      6),
                   ==, "uploaded");

  /* a tab or a carriage return first (the file reader trims them, so
   * they are tried on the writer itself), quotes, an empty cell */
  {
    const char *cells[] = { "\tcmd", "\rcmd", "say \"hi\"", NULL, "plain" };
    g_autoptr(GString) out = g_string_new (NULL);

    cpis_csv_append_row (out, cells, G_N_ELEMENTS (cells));
    g_assert_cmpstr (out->str, ==, "\"'\tcmd\",\"'\rcmd\",\"say \"\"hi\"\"\",\"\",\"plain\"\r\n");
  }

  /* written to a stream, the same bytes */
  g_assert_true (cpis_plan_upload_report_write_csv (report, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), text,
                   length);
}

/* ------------------------------------------------------------------------ */
/* Listing and dismissing */

static CpisPlanPage *
list_plans (CpisHubClient *client,
            const char    *status,
            guint          count)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CpisPlanPage *page;

  cpis_hub_client_list_plans_async (client, status, CPIS_PLAN_TYPE_UNRECOGNISED, count, NULL,
                                    cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  page = cpis_hub_client_list_plans_finish (client, result, &error);
  g_assert_no_error (error);
  return page;
}

static CpisUploadExceptionPage *
list_exceptions (CpisHubClient *client,
                 guint          count)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CpisUploadExceptionPage *page;

  cpis_hub_client_list_exceptions_async (client, count, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  page = cpis_hub_client_list_exceptions_finish (client, result, &error);
  g_assert_no_error (error);
  return page;
}

static CpisUploadException *
dismiss (CpisHubClient  *client,
         const char     *id,
         GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_dismiss_exception_async (client, id, NULL, cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_dismiss_exception_finish (client, result, error);
}

static void
test_list_and_dismiss (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) records = many_records (fixture, 7);
  g_autoptr(GPtrArray) bad = read_good_csv (HEADER
                                            UNKNOWN ",Okafor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n"
                                            CHILD ",Smithson,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n"
                                            BAD ",Okafor,Amara,2015-06-01,CPP,2025-01-10,,,LA1\n");
  g_autoptr(CpisPlanUploadReport) uploaded = NULL;
  g_autoptr(CpisPlanUploadReport) refused = NULL;
  g_autoptr(CpisPlanPage) first = NULL;
  g_autoptr(CpisUploadExceptionPage) exceptions = NULL;
  g_autoptr(CpisUploadExceptionPage) after = NULL;
  g_autoptr(CpisUploadException) dismissed = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  CpisUploadException *exception = NULL;
  guint n_pages = 1;

  uploaded = upload (fixture->client, records, NULL, NULL, &error);
  g_assert_no_error (error);
  refused = upload (fixture->client, bad, NULL, NULL, &error);
  g_assert_no_error (error);

  /* the LA's seven plans, three a page, each once */
  first = list_plans (fixture->client, NULL, 3);
  g_assert_cmpuint (first->total, ==, 7);
  g_assert_cmpuint (first->plans->len, ==, 3);
  for (guint i = 0; i < first->plans->len; i++)
    g_assert_true (g_hash_table_add (seen, g_strdup (cpis_plan_get_id (g_ptr_array_index (first->plans, i)))));
  next = g_strdup (first->next_url);
  while (next != NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(CpisPlanPage) page = NULL;

      cpis_hub_client_fetch_plan_page_async (fixture->client, next, NULL,
                                             cpis_test_store_result_cb, &result);
      cpis_test_wait_for_pointer ((gpointer *) &result);
      page = cpis_hub_client_fetch_plan_page_finish (fixture->client, result, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->plans->len; i++)
        {
          CpisPlan *plan = g_ptr_array_index (page->plans, i);

          g_assert_true (g_hash_table_add (seen, g_strdup (cpis_plan_get_id (plan))));
          g_assert_cmpstr (cpis_plan_get_la_ods_code (plan), ==, "LA1");
        }
      g_free (next);
      next = g_strdup (page->next_url);
      n_pages++;
    }
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 7);

  /* a link elsewhere is not followed */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(CpisPlanPage) page = NULL;

    cpis_hub_client_fetch_plan_page_async (fixture->client,
                                           "http://203.0.113.9/cpis/FHIR/R4/CareTeam?_offset=3",
                                           NULL, cpis_test_store_result_cb, &result);
    cpis_test_wait_for_pointer ((gpointer *) &result);
    page = cpis_hub_client_fetch_plan_page_finish (fixture->client, result, &error);
    g_assert_null (page);
    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_UNREADABLE);
    g_clear_error (&error);
  }

  /* the three exceptions, with the submitted demographics; one dismissed */
  exceptions = list_exceptions (fixture->client, 0);
  g_assert_cmpuint (exceptions->total, ==, 3);
  for (guint i = 0; i < exceptions->exceptions->len; i++)
    {
      CpisUploadException *candidate = g_ptr_array_index (exceptions->exceptions, i);

      g_assert_cmpstr (cpis_upload_exception_get_status (candidate), ==, "open");
      g_assert_cmpstr (cpis_upload_exception_get_la_ods_code (candidate), ==, "LA1");
      g_assert_nonnull (cpis_upload_exception_get_recorded (candidate));
      if (g_strcmp0 (cpis_upload_exception_get_code (candidate), "CPR07") == 0)
        {
          g_assert_cmpstr (cpis_upload_exception_get_family_name (candidate), ==, "Smithson");
          g_assert_cmpstr (cpis_upload_exception_get_nhs_number (candidate), ==, CHILD);
          g_assert_cmpstr (cpis_upload_exception_get_birth_date (candidate), ==, "2015-06-01");
          exception = candidate;
        }
    }
  g_assert_nonnull (exception);

  dismissed = dismiss (fixture->client, cpis_upload_exception_get_id (exception), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cpis_upload_exception_get_status (dismissed), ==, "dismissed");
  after = list_exceptions (fixture->client, 1);
  g_assert_cmpuint (after->total, ==, 2);
  g_assert_cmpuint (after->exceptions->len, ==, 1);
  g_assert_nonnull (after->next_url);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(CpisUploadExceptionPage) second = NULL;

    cpis_hub_client_fetch_exception_page_async (fixture->client, after->next_url, NULL,
                                                cpis_test_store_result_cb, &result);
    cpis_test_wait_for_pointer ((gpointer *) &result);
    second = cpis_hub_client_fetch_exception_page_finish (fixture->client, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (second->exceptions->len, ==, 1);
    g_assert_cmpstr (cpis_upload_exception_get_id (g_ptr_array_index (second->exceptions, 0)), !=,
                     cpis_upload_exception_get_id (g_ptr_array_index (after->exceptions, 0)));
    g_assert_null (second->next_url);
  }

  /* ids that are none, or not the LA's */
  {
    g_autoptr(CpisUploadException) none = dismiss (fixture->client, "../Task", &error);

    g_assert_null (none);
    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_INVALID_REQUEST);
    g_clear_error (&error);
  }
  {
    g_autoptr(CpisUploadException) none =
      dismiss (fixture->client, "00000000-0000-4000-8000-000000000000", &error);

    g_assert_null (none);
    g_assert_error (error, CPIS_HUB_CLIENT_ERROR, CPIS_HUB_CLIENT_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/hub-client-plans/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("read-good", test_read_good);
  ADD ("read-bad", test_read_bad);
  ADD ("upload", test_upload);
  ADD ("upload-chunks", test_upload_chunks);
  ADD ("upload-cancel", test_upload_cancel);
  ADD ("upload-refused", test_upload_refused);
  ADD ("report-csv", test_report_csv);
  ADD ("list-and-dismiss", test_list_and_dismiss);

#undef ADD

  return g_test_run ();
}
