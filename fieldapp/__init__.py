"""fieldapp: offline recording of incidents and displacement for humanitarian field teams."""

__version__ = "0.1.0"
APP_ID = "org.fieldapp.FieldApp"
APP_NAME = "fieldapp"
