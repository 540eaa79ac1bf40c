import { PlatformAdmins, PlatformKeys } from "../operator/platform-page";

/** The signed-in admin's own platform: its keys and its admins, as the operator sees them. */
export function OwnPlatformPage() {
  return (
    <>
      <h1>Platform keys and admins</h1>
      <PlatformKeys clientAppId={null} />
      <PlatformAdmins clientAppId={null} />
    </>
  );
}
