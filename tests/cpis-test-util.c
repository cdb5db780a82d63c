/* cpis-test-util.c */
#include "cpis-test-util.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cpis-nhs-number.h"

/* Data */

char *
cpis_test_nhs_number (guint serial)
{
  for (;; serial++)
    {
      g_autofree char *nine = g_strdup_printf ("999%06u", serial % 1000000);
      int check = cpis_nhs_number_check_digit (nine);

      if (check >= 0)
        return g_strdup_printf ("%s%d", nine, check);
    }
}

GDateTime *
cpis_test_uk_time (int    year,
                   int    month,
                   int    day,
                   int    hour,
                   int    minute,
                   double seconds)
{
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");

  g_assert_nonnull (london);
  return g_date_time_new (london, year, month, day, hour, minute, seconds);
}

char *
cpis_test_read_example (const char *dir_variable,
                        const char *name)
{
  const char *dir = g_getenv (dir_variable);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (dir == NULL || dir[0] == '\0')
    g_test_message ("%s is not set: it must name the folder of NHS England's examples",
                    dir_variable);
  g_assert_nonnull (dir);
  g_assert_cmpstr (dir, !=, "");

  path = g_build_filename (dir, name, NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (contents);

  return contents;
}

/* Waiting */

void
cpis_test_store_result_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
limit_reached_cb (gpointer user_data)
{
  gboolean *reached = user_data;

  *reached = TRUE;
  return G_SOURCE_REMOVE;
}

void
cpis_test_wait_for_pointer (gpointer *slot)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(GSource) limit = g_timeout_source_new_seconds (CPIS_TEST_WAIT_LIMIT_SECONDS);
  gboolean reached = FALSE;

  g_source_set_callback (limit, limit_reached_cb, &reached, NULL);
  g_source_attach (limit, context);

  while (*slot == NULL && !reached)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (limit);
  if (*slot == NULL)
    g_error ("Waited more than %d seconds for an answer", CPIS_TEST_WAIT_LIMIT_SECONDS);
}

/* Signing in */

CpisUserInfo *
cpis_test_client_sign_in (CpisHubClient  *client,
                          const char     *username,
                          const char     *password,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cpis_hub_client_sign_in_async (client, username, password, cancellable,
                                 cpis_test_store_result_cb, &result);
  cpis_test_wait_for_pointer ((gpointer *) &result);
  return cpis_hub_client_sign_in_finish (client, result, error);
}

CpisHubClient *
cpis_test_client_signed_in (const char *base_url,
                            const char *username,
                            const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CpisHubClient) client = cpis_hub_client_new (base_url, &error);
  g_autoptr(CpisUserInfo) info = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (client);
  info = cpis_test_client_sign_in (client, username, password, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (cpis_user_info_get_username (info), ==, username);
  g_assert_true (cpis_hub_client_is_signed_in (client));

  return g_steal_pointer (&client);
}

/* Files */

gboolean
cpis_test_remove_tree (const char *path)
{
  GStatBuf info;
  gboolean removed = TRUE;

  if (g_lstat (path, &info) != 0)
    return errno == ENOENT;

  if (S_ISDIR (info.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          removed = cpis_test_remove_tree (child) && removed;
        }

      if (g_rmdir (path) != 0 && errno != ENOENT)
        removed = FALSE;
    }
  else if (g_unlink (path) != 0 && errno != ENOENT)
    {
      removed = FALSE;
    }

  return removed;
}

gboolean
cpis_test_make_certificate (const char  *dir,
                            const char  *prefix,
                            char       **cert_path,
                            char       **key_path)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert_name = g_strconcat (prefix, "-cert.pem", NULL);
  g_autofree char *key_name = g_strconcat (prefix, "-key.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, cert_name, NULL);
  g_autofree char *key = g_build_filename (dir, key_name, NULL);
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (openssl == NULL)
    {
      g_test_fail_printf ("openssl is needed to make a test certificate, and is not on the PATH "
                          "(build-aux/install-deps.sh installs it: apt-get install openssl)");
      return FALSE;
    }

  {
    const char *argv[] = { openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", key, "-out", cert, "-days", "2",
                           "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_file_test (cert, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (key, G_FILE_TEST_IS_REGULAR));

  *cert_path = g_steal_pointer (&cert);
  *key_path = g_steal_pointer (&key);
  return TRUE;
}

static char *
run_poppler (const char         *program_variable,
             const char * const *args)
{
  const char *program = g_getenv (program_variable);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (program == NULL || program[0] == '\0')
    g_error ("%s is not set: install poppler-utils (build-aux/install-deps.sh) and run meson setup again",
             program_variable);
  g_ptr_array_add (argv, (char *) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

guint
cpis_test_pdf_n_pages (const char *path)
{
  const char *args[] = { path, NULL };
  g_autofree char *info = run_poppler ("CPIS_PDFINFO", args);
  const char *pages = strstr (info, "\nPages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10);
}

char *
cpis_test_pdf_page_text (const char *path,
                         guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *args[] = { "-f", number, "-l", number, "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *text = run_poppler ("CPIS_PDFTOTEXT", args);
  g_autofree char *letters = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (space, letters, -1, 0, " ", 0, NULL);
}

char *
cpis_test_certificate_fingerprint (const char *cert_path)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  const char *argv[] = { openssl, "x509", "-in", cert_path, "-noout", "-fingerprint",
                         "-sha256", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *equals;
  int status = 0;

  g_assert_nonnull (openssl);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  /* "sha256 Fingerprint=3F:…:9A\n" (the prefix's case varies with the version) */
  equals = strchr (out, '=');
  g_assert_nonnull (equals);
  return g_strstrip (g_ascii_strup (equals + 1, -1));
}
