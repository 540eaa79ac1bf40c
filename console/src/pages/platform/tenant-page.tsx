import { Link, useParams } from "wouter";
import { useQuery } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { TenantDocument } from "../../generated/graphql";
import { StaffAppsSection } from "../people/staff-apps-section";
import { ClientKeys } from "./client-keys";
import { InviteStaffForm } from "./invite-staff-form";
import { PublishableKeys } from "./publishable-keys";

/** One tenant of the platform: its client keys, publishable keys, staff apps and staff invitations. */
export function TenantPage() {
  const { id } = useParams<{ id: string }>();
  const [{ data, error }] = useQuery({ query: TenantDocument, variables: { id } });
  const tenant = data?.client;
  return (
    <>
      <p>
        <Link href="/tenants">← Tenants</Link>
      </p>
      <h1>{tenant ? `Tenant ${tenant.name}` : "Tenant"}</h1>
      <ErrorNotice error={error} />
      {data && !tenant && <p role="alert">No tenant of this platform has this id.</p>}
      {tenant && (
        <>
          <p className="hint">
            Code <code>{tenant.code}</code> · id <code>{tenant.id}</code> ·{" "}
            <span className={`badge ${tenant.isActive ? "ok" : "off"}`}>
              {tenant.isActive ? "active" : "deactivated"}
            </span>
          </p>
          <ClientKeys clientId={tenant.id} />
          <PublishableKeys clientId={tenant.id} />
          <StaffAppsSection clientId={tenant.id} />
          <InviteStaffForm clientId={tenant.id} />
        </>
      )}
    </>
  );
}
