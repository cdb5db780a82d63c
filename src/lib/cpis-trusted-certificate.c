/* cpis-trusted-certificate.c: an organisation's own certificate authority */

#include <glib/gi18n-lib.h>

#include "cpis-trusted-certificate.h"

G_DEFINE_QUARK (cpis-trusted-certificate-error-quark, cpis_trusted_certificate_error)

static GList *
read_certificates (const char  *path,
                   GError     **error)
{
  g_autoptr(GError) local = NULL;
  GList *certificates = g_tls_certificate_list_new_from_file (path, &local);

  if (local != NULL || certificates == NULL)
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, CPIS_TRUSTED_CERTIFICATE_ERROR, CPIS_TRUSTED_CERTIFICATE_ERROR_UNREADABLE,
                   _("“%s” is not a certificate file (PEM): %s"), name,
                   local != NULL ? local->message : _("it holds no certificate"));
      g_list_free_full (certificates, g_object_unref);
      return NULL;
    }
  return certificates;
}

gboolean
cpis_trusted_certificate_read (const char  *path,
                               GDateTime   *now,
                               char       **subject,
                               GDateTime  **not_after,
                               GError     **error)
{
  GList *certificates;
  GTlsCertificate *first;
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(GDateTime) before = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  certificates = read_certificates (path, error);
  if (certificates == NULL)
    return FALSE;

  first = certificates->data;
  after = g_tls_certificate_get_not_valid_after (first);
  before = g_tls_certificate_get_not_valid_before (first);
  if (after != NULL && g_date_time_compare (now, after) > 0)
    {
      g_autofree char *day = g_date_time_format (after, "%-d %B %Y");

      g_set_error (error, CPIS_TRUSTED_CERTIFICATE_ERROR, CPIS_TRUSTED_CERTIFICATE_ERROR_EXPIRED,
                   _("This certificate expired on %s: ask your IT service desk for the current one."), day);
      ok = FALSE;
    }
  else if (before != NULL && g_date_time_compare (now, before) < 0)
    {
      g_autofree char *day = g_date_time_format (before, "%-d %B %Y");

      g_set_error (error, CPIS_TRUSTED_CERTIFICATE_ERROR, CPIS_TRUSTED_CERTIFICATE_ERROR_EXPIRED,
                   _("This certificate is not valid until %s."), day);
      ok = FALSE;
    }
  if (ok && subject != NULL)
    *subject = g_tls_certificate_get_subject_name (first);
  if (ok && not_after != NULL)
    *not_after = after != NULL ? g_date_time_ref (after) : NULL;
  g_list_free_full (certificates, g_object_unref);
  return ok;
}

GTlsDatabase *
cpis_trusted_certificate_new_database (const char  *path,
                                       GError     **error)
{
  GList *certificates;
  g_autoptr(GError) local = NULL;
  GTlsDatabase *database;

  g_return_val_if_fail (path != NULL, NULL);

  /* read first, for the same words as Preferences when it is not one */
  certificates = read_certificates (path, error);
  if (certificates == NULL)
    return NULL;
  g_list_free_full (certificates, g_object_unref);

  database = g_tls_file_database_new (path, &local);
  if (database == NULL)
    {
      g_set_error (error, CPIS_TRUSTED_CERTIFICATE_ERROR, CPIS_TRUSTED_CERTIFICATE_ERROR_UNREADABLE,
                   _("The trusted certificate could not be used: %s"), local->message);
      return NULL;
    }
  return database;
}
