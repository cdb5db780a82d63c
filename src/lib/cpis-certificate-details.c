/* cpis-certificate-details.c: a certificate in words */

#include <glib/gi18n-lib.h>

#include "cpis-certificate-details.h"
#include "cpis-date.h"

char *
cpis_certificate_details_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;
  GString *text;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL || der->len == 0)
    return NULL;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);

  text = g_string_sized_new (length * 3);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, "%s%02X", i > 0 ? ":" : "", digest[i]);
  return g_string_free (text, FALSE);
}

char *
cpis_certificate_details_describe (GTlsCertificate *certificate)
{
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  subject = g_tls_certificate_get_subject_name (certificate);
  issuer = g_tls_certificate_get_issuer_name (certificate);
  before = g_tls_certificate_get_not_valid_before (certificate);
  after = g_tls_certificate_get_not_valid_after (certificate);
  fingerprint = cpis_certificate_details_fingerprint (certificate);
  from = before != NULL ? cpis_date_time_format_uk (before) : NULL;
  until = after != NULL ? cpis_date_time_format_uk (after) : NULL;

  if (subject != NULL && issuer != NULL)
    /* Translators: the certificate's subject, then its issuer ("CN=…,O=…") */
    g_string_append_printf (text, _("Issued to %s by %s."), subject, issuer);
  else if (subject != NULL)
    /* Translators: the certificate's subject ("CN=…,O=…") */
    g_string_append_printf (text, _("Issued to %s."), subject);

  if (from != NULL && until != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* Translators: two dates and times */
      g_string_append_printf (text, _("Valid from %s to %s."), from, until);
    }

  if (fingerprint != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* Translators: the certificate's SHA-256 fingerprint, "3F:…:9A" */
      g_string_append_printf (text, _("SHA-256 fingerprint: %s."), fingerprint);
    }

  return g_string_free (text, FALSE);
}
