"""JSON fixtures that keep timestamps to the microsecond (Django's JSON keeps milliseconds).

Registered as the "fulljson" format (settings.SERIALIZATION_MODULES) and used by backups, so that a
restored record is the same to the last digit, including the versions that edit forms compare.
"""

import datetime
from typing import Any

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> str:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        encoded: str = super().default(o)  # DjangoJSONEncoder writes each type it knows as text
        return encoded


class Serializer(JSONSerializer):
    def start_serialization(self) -> None:
        super().start_serialization()  # sets json_kwargs, used from the first record on
        self.json_kwargs["cls"] = FullPrecisionEncoder


Deserializer = JSONDeserializer
