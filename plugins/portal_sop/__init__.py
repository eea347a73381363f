"""Portal SOP: publishes SOP AP documents of kecamatan offices as a static portal."""
