/* fuzz-fhir.c: the client's FHIR decoders (cpis-fhir-codec.c and the rest)
 * on any bytes: each one either decodes or says why, never both, never a
 * crash, a leak or undefined behaviour */
#include "cpis-fhir-codec.h"
#include "cpis-task-page.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* @call decodes into a result that @free_fn frees */
#define DECODED(call, free_fn) \
  G_STMT_START \
  { \
    g_autoptr(GError) error = NULL; \
    gpointer result = (call); \
\
    g_assert ((result == NULL) != (error == NULL)); \
    if (result != NULL) \
      free_fn (result); \
  } \
  G_STMT_END

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *json = (const char *) data;
  gssize length = (gssize) size;
  guint total;

  DECODED (cpis_fhir_decode_care_team_bundle (json, length, &total, &error), g_ptr_array_unref);
  DECODED (cpis_fhir_decode_audit_event_bundle (json, length, &total, &error), g_ptr_array_unref);
  DECODED (cpis_fhir_decode_operation_outcome (json, length, &error), g_object_unref);
  DECODED (cpis_fhir_decode_patient (json, length, &error), g_object_unref);
  DECODED (cpis_fhir_decode_patient_bundle (json, length, &total, &error), g_ptr_array_unref);
  DECODED (cpis_fhir_decode_task (json, length, &error), g_object_unref);
  DECODED (cpis_fhir_decode_task_bundle (json, length, &error), cpis_task_page_free);
  DECODED (cpis_fhir_decode_task_history (json, length, &error), g_ptr_array_unref);
  return 0;
}
