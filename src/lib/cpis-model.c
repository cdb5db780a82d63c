/* cpis-model.c: the string properties the core's model classes share
 *
 * Each string property carries the offset of its field in the instance, as
 * qdata on its GParamSpec (set once, when the class is initialised), with a
 * mark for a shared one, whose field holds an interned GRefString.
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

/* The qdata of a model string's GParamSpec: its field's offset, times two,
 * plus one if the string is shared (one lookup answers both) */
static gsize
field_mark (GParamSpec *pspec)
{
  return GPOINTER_TO_SIZE (g_param_spec_get_qdata (pspec, field_offset_quark ()));
}

static gboolean
is_shared (gsize mark)
{
  return (mark & 1) != 0;
}

/* Frees the value of a field */
static void
clear_field (gsize   mark,
             char  **field)
{
  if (*field == NULL)
    return;

  if (is_shared (mark))
    g_ref_string_release (*field);
  else
    g_free (*field);
  *field = NULL;
}

/* The field @mark names in @object, or NULL if it is not a model string */
static char **
string_field (GObject *object,
              gsize    mark)
{
  if (mark == 0)
    return NULL;
  return G_STRUCT_MEMBER_P (object, mark / 2);
}

static GParamSpec *
string_param (const char *name,
              const char *nick,
              const char *blurb,
              gsize       offset,
              gboolean    shared)
{
  GParamSpec *pspec;

  /* A field of the instance, after its GObject */
  g_return_val_if_fail (offset >= sizeof (GObject), NULL);

  pspec = g_param_spec_string (name, nick, blurb, NULL,
                               (G_PARAM_READWRITE |
                                G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS));
  g_param_spec_set_qdata (pspec, field_offset_quark (),
                          GSIZE_TO_POINTER (offset * 2 + (shared ? 1 : 0)));
  return pspec;
}

GParamSpec *
_cpis_model_string_param (const char *name,
                          const char *nick,
                          const char *blurb,
                          gsize       offset)
{
  return string_param (name, nick, blurb, offset, FALSE);
}

GParamSpec *
_cpis_model_shared_string_param (const char *name,
                                 const char *nick,
                                 const char *blurb,
                                 gsize       offset)
{
  return string_param (name, nick, blurb, offset, TRUE);
}

gboolean
_cpis_model_get_string (GObject    *object,
                        GParamSpec *pspec,
                        GValue     *value)
{
  char **field = string_field (object, field_mark (pspec));

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
  gsize mark = field_mark (pspec);
  char **field = string_field (object, mark);

  if (field == NULL)
    return FALSE;

  clear_field (mark, field);
  if (is_shared (mark))
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
      gsize mark = pspecs[i] != NULL ? field_mark (pspecs[i]) : 0;
      char **field = string_field (object, mark);

      if (field != NULL)
        clear_field (mark, field);
    }
}
