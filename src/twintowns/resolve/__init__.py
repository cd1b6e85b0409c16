"""Name resolution: from the names, countries and coordinates sources write to identified
places (a gazetteer built from GeoNames and ISO 3166, plus identifiers the sources carry)."""
