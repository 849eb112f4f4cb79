from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from remiss.core.chain import ForgedCheckpoint, MissingAuditKey, verify_chain, write_checkpoint


class Command(BaseCommand):
    help = "The audit trail: `remiss audit verify` checks the chain, `checkpoint` signs its head."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])
        parser.add_argument("--checkpoints", type=Path, help="the checkpoint file")

    def handle(self, *args: object, **options: object) -> None:
        path = options.get("checkpoints")
        if options["action"] == "checkpoint":
            try:
                written = write_checkpoint(path)  # type: ignore[arg-type]
            except MissingAuditKey as exc:
                raise CommandError(str(exc)) from exc
            for last_id, last_hash in written:
                self.stdout.write(f"Kontrollpunkt / checkpoint: {last_id} {last_hash}")
            return
        try:
            verdict = verify_chain(checkpoints=path)  # type: ignore[arg-type]
        except ForgedCheckpoint as exc:
            raise CommandError(f"Förfalskad kontrollpunkt / forged checkpoint: {exc}") from exc
        except MissingAuditKey as exc:
            raise CommandError(str(exc)) from exc
        if not verdict.ok:
            raise CommandError(
                f"Ändringsloggen är bruten vid post {verdict.broken_id}: {verdict.reason} "
                f"(audit chain broken at entry {verdict.broken_id}; {verdict.checked} entries "
                "before it hold)"
            )
        self.stdout.write(f"Ändringsloggen är hel / the audit chain holds: {verdict.checked}")
