-- 0003_macros — small functions every model shares, kept in the warehouse so analysts can use
-- them too. Grain: not applicable.
-- norm_label: how free-text labels are compared to reference data ("Cliënt gestopt",
-- "client  gestopt" and "CLIENT GESTOPT." are the same wording).
CREATE MACRO norm_label(x) AS
    trim(regexp_replace(lower(strip_accents(x)), '[^a-z0-9]+', ' ', 'g'));

-- pc4: the four digits of a Dutch postcode; anything else is not a postcode and gives NULL.
CREATE MACRO pc4(postcode) AS
    CASE WHEN regexp_full_match(regexp_replace(upper(postcode), '[^0-9A-Z]', '', 'g'), '[1-9][0-9]{3}([A-Z]{2})?')
         THEN left(regexp_replace(postcode, '[^0-9]', '', 'g'), 4) END;

-- age_band: the bands municipal reports use; age in whole years.
CREATE MACRO age_band(age) AS
    CASE WHEN age IS NULL THEN 'onbekend'
         WHEN age < 12 THEN '0-11'
         WHEN age < 18 THEN '12-17'
         WHEN age < 27 THEN '18-26'
         WHEN age < 45 THEN '27-44'
         WHEN age < 65 THEN '45-64'
         WHEN age < 75 THEN '65-74'
         ELSE '75+' END;

-- Layers that transforms/ rebuilds: reference data (seeds), staging models.
CREATE SCHEMA ref;
CREATE SCHEMA staging;

-- last_day_of: the last day (inclusive) of the period of a given type that starts on `start`.
CREATE MACRO last_day_of(period_type, start) AS
    CASE period_type
        WHEN 'month' THEN (start + interval 1 month - interval 1 day)::date
        WHEN 'quarter' THEN (start + interval 3 month - interval 1 day)::date
        WHEN 'year' THEN (start + interval 1 year - interval 1 day)::date
    END;
