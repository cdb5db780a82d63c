/* fuzz-upload-bundle.c: the hub's reader of an LA's batch Bundle of plan
 * records (cpis-hub-upload-bundle.c) on any bytes: it reads the records or
 * says why, never both, never a crash, a leak or undefined behaviour; and a
 * Bundle it reads holds no more records than the hub takes */
#include "cpis-fhir-codec.h"
#include "cpis-hub-upload-bundle.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  CpisHubUploadRecord *records = NULL;
  guint n_records = 0;
  gboolean read = cpis_hub_upload_bundle_read ((const char *) data, size, &records, &n_records,
                                               &error);

  g_assert (read == (error == NULL));
  g_assert (read || (records == NULL && n_records == 0));
  g_assert (n_records <= CPIS_FHIR_MAX_UPLOAD_ENTRIES);
  g_assert ((records == NULL) == (n_records == 0));
  if (error != NULL)
    g_assert (error->domain == CPIS_HUB_UPLOAD_BUNDLE_ERROR && error->message[0] != '\0');
  cpis_hub_upload_records_free (records, n_records);
  return 0;
}
