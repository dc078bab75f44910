"""Import/export formats: pure readers and writers over plain records (no Django here).

Entry points: pipeline.export_records (records -> zip) and pipeline.read_upload
(file -> records); catalog.FORMATS lists the formats.
"""
