"""The lists as the office posts them elsewhere: PDF and XLSX attachments, the WeChat article."""
