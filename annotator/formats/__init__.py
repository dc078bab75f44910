"""Import/export formats: pure readers and writers over plain records (no Django here).

Entry points: pipeline.records_zip_write (records -> zip) and pipeline.read_upload
(file -> records); catalog.FORMATS lists the formats.
"""
