/* cpis-model.c: the string properties the core's model classes share
 *
 * Each string property carries the offset of its field in the instance, as
 * qdata on its GParamSpec (set once, when the class is initialised), and a
 * shared one a second mark: its field holds an interned GRefString.
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

static GQuark
shared_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("cpis-model-shared-string");
  return quark;
}

static gboolean
is_shared (GParamSpec *pspec)
{
  return g_param_spec_get_qdata (pspec, shared_quark ()) != NULL;
}

/* Frees the value of a field of @pspec */
static void
clear_field (GParamSpec  *pspec,
             char       **field)
{
  if (*field == NULL)
    return;

  if (is_shared (pspec))
    g_ref_string_release (*field);
  else
    g_free (*field);
  *field = NULL;
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

GParamSpec *
_cpis_model_shared_string_param (const char *name,
                                 const char *nick,
                                 const char *blurb,
                                 gsize       offset)
{
  GParamSpec *pspec = _cpis_model_string_param (name, nick, blurb, offset);

  if (pspec != NULL)
    g_param_spec_set_qdata (pspec, shared_quark (), GINT_TO_POINTER (TRUE));
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

  clear_field (pspec, field);
  if (is_shared (pspec))
    {
      const char *text = g_value_get_string (value);

      *field = text != NULL ? g_ref_string_new_intern (text) : NULL;
    }
  else
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
        clear_field (pspecs[i], field);
    }
}
