/* cpis-model.c: the string properties the core's model classes share
 *
 * Each string property carries the offset of its field in the instance, as
 * qdata on its GParamSpec (set once, when the class is initialised).
 */
#include "cpis-model-private.h"

static GQuark
field_offset_quark (void)
{
  static GQuark quark;

  /* As G_DEFINE_QUARK does: a race can only store the same value twice */
  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("cpis-model-field-offset");
  return quark;
}

/* The field behind @pspec, or NULL if it is not a model string */
static char **
string_field (GObject    *object,
              GParamSpec *pspec)
{
  gsize offset = GPOINTER_TO_SIZE (g_param_spec_get_qdata (pspec, field_offset_quark ()));

  if (offset == 0)
    return NULL;
  return G_STRUCT_MEMBER_P (object, offset);
}

GParamSpec *
_cpis_model_string_param (const char *name,
                          const char *nick,
                          const char *blurb,
                          gsize       offset)
{
  GParamSpec *pspec;

  /* A field of the instance, after its GObject */
  g_return_val_if_fail (offset >= sizeof (GObject), NULL);

  pspec = g_param_spec_string (name, nick, blurb, NULL,
                               (G_PARAM_READWRITE |
                                G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS));
  g_param_spec_set_qdata (pspec, field_offset_quark (), GSIZE_TO_POINTER (offset));
  return pspec;
}

gboolean
_cpis_model_get_string (GObject    *object,
                        GParamSpec *pspec,
                        GValue     *value)
{
  char **field = string_field (object, pspec);

  if (field == NULL)
    return FALSE;

  g_value_set_string (value, *field);
  return TRUE;
}

gboolean
_cpis_model_set_string (GObject      *object,
                        GParamSpec   *pspec,
                        const GValue *value)
{
  char **field = string_field (object, pspec);

  if (field == NULL)
    return FALSE;

  g_free (*field);
  *field = g_value_dup_string (value);
  return TRUE;
}

void
_cpis_model_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  if (!_cpis_model_get_string (object, pspec, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

void
_cpis_model_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  if (!_cpis_model_set_string (object, pspec, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

void
_cpis_model_clear_strings (GObject     *object,
                           GParamSpec **pspecs,
                           guint        n_pspecs)
{
  for (guint i = 0; i < n_pspecs; i++)
    {
      char **field = pspecs[i] != NULL ? string_field (object, pspecs[i]) : NULL;

      if (field != NULL)
        g_clear_pointer (field, g_free);
    }
}
