/* cpis-fhir-upload.c: plan uploads in FHIR (docs/api.md, "Plan uploads")
 *
 * The CP-IS upload response codes of the HL7 v3 message specification, as
 * the hub answers them in its own code system (CPIS_UPLOAD_CODE_SYSTEM).
 */
#include "cpis-fhir-codec.h"

static const struct
{
  const char *code;
  const char *display;
} upload_codes[] = {
  { "CPR01", "No demographics match for NHS number" },
  { "CPR02", "Matched but sensitive record" },
  { "CPR03", "NHS number not verified" },
  { "CPR04", "Old-style NHS number" },
  { "CPR05", "NHS number superseded" },
  { "CPR06", "Success" },
  { "CPR07", "Failure" },
  { "CPF01", "File-level error" },
  { "CPF02", "Success" },
  { "CPF03", "Partial upload" },
  { "CPF04", "Nothing uploaded" },
  { "CPF05", "Demographics service unavailable, resubmit" },
  { "CPF06", "Client version no longer supported" },
};

const char *
cpis_fhir_upload_code_display (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (upload_codes); i++)
    if (g_strcmp0 (code, upload_codes[i].code) == 0)
      return upload_codes[i].display;

  return NULL;
}
