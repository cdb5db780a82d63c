/* cpis-model-private.h: the string properties the core's model classes share
 *
 * A model object (CpisPlan, CpisUserInfo, CpisOperationOutcome,
 * CpisPractitionerRole, CpisPatient) keeps most of what it holds as strings: char *
 * fields of its instance, each behind a construct-only, read-write string
 * property. The property says which field it is:
 *
 *   properties[PROP_ID] =
 *     _cpis_model_string_param ("id", "Id", "The CareTeam id",
 *                               G_STRUCT_OFFSET (CpisPlan, id));
 *
 * and these helpers do the rest: get_property and set_property (all of
 * them for a class of strings only, or the strings of a class that has
 * other properties too), and freeing the fields in finalize.
 *
 * A value that many objects repeat (the care setting of thousands of
 * notifications, the social worker they are assigned to) can be kept once
 * for all of them: a shared string property holds an interned GRefString,
 * counted by reference and freed with the last object that holds it. Its
 * field is still a char * to read, but is set and freed only by these
 * helpers.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

GParamSpec *_cpis_model_string_param  (const char    *name,
                                       const char    *nick,
                                       const char    *blurb,
                                       gsize          offset);

/* The same for a value many objects share (see above) */
GParamSpec *_cpis_model_shared_string_param (const char *name,
                                             const char *nick,
                                             const char *blurb,
                                             gsize       offset);

/* The GObjectClass vfuncs, for a class whose properties are all model strings */
void        _cpis_model_get_property  (GObject       *object,
                                       guint          prop_id,
                                       GValue        *value,
                                       GParamSpec    *pspec);
void        _cpis_model_set_property  (GObject       *object,
                                       guint          prop_id,
                                       const GValue  *value,
                                       GParamSpec    *pspec);

/* For a class with other properties too: FALSE (nothing done) when @pspec
 * is not a model string */
gboolean    _cpis_model_get_string    (GObject       *object,
                                       GParamSpec    *pspec,
                                       GValue        *value);
gboolean    _cpis_model_set_string    (GObject       *object,
                                       GParamSpec    *pspec,
                                       const GValue  *value);

/* For finalize: frees the field of each model string among @pspecs (the
 * class's properties[], whose NULL entries are skipped) */
void        _cpis_model_clear_strings (GObject       *object,
                                       GParamSpec   **pspecs,
                                       guint          n_pspecs);

G_END_DECLS
